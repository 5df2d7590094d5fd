//! Closed vocabularies of the definition language: action, trigger, parameter and variable
//! types and run-after statuses. All parse case-insensitively, as Logic Apps does
//! (`foreach`, `compose`, `recurrence`, `SUCCEEDED`, `Integer`).

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $canon:literal $(| $alias:literal)*,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A type name Logic Apps does not define, kept as written.
            Unknown(String),
        }

        impl $name {
            /// Canonical names of all known variants.
            pub const KNOWN: &'static [&'static str] = &[$($canon,)*];

            /// Case-insensitive parse; unrecognised names become `Unknown(name)`.
            pub fn parse(name: &str) -> Self {
                $(if name.eq_ignore_ascii_case($canon) $(|| name.eq_ignore_ascii_case($alias))* {
                    return $name::$variant;
                })*
                $name::Unknown(name.to_string())
            }

            /// The canonical spelling (`"Foreach"` for `"foreach"`); `Unknown` returns its text.
            pub fn canonical_name(&self) -> &str {
                match self {
                    $($name::$variant => $canon,)*
                    $name::Unknown(s) => s,
                }
            }

            /// Whether the type is known.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.canonical_name())
            }
        }
    };
}

named_enum! {
    /// The `type` of an action (reference §2 plus types seen in real files).
    ActionType {
        /// Output = evaluated inputs.
        Compose => "Compose",
        /// Answers the Request trigger's caller.
        Response => "Response",
        /// Declares a workflow variable.
        InitializeVariable => "InitializeVariable",
        /// Sets a variable.
        SetVariable => "SetVariable",
        /// Adds to a numeric variable.
        IncrementVariable => "IncrementVariable",
        /// Subtracts from a numeric variable.
        DecrementVariable => "DecrementVariable",
        /// Appends to a string variable.
        AppendToStringVariable => "AppendToStringVariable",
        /// Appends to an array variable.
        AppendToArrayVariable => "AppendToArrayVariable",
        /// Parses JSON content against a schema.
        ParseJson => "ParseJson",
        /// Filter array.
        Query => "Query",
        /// Map an array.
        Select => "Select",
        /// Join an array into a string.
        Join => "Join",
        /// CSV/HTML table.
        Table => "Table",
        /// Date/time built-ins (by `kind`).
        Expression => "Expression",
        /// Condition.
        If => "If",
        /// Switch on a value.
        Switch => "Switch",
        /// Loop over an array.
        Foreach => "Foreach",
        /// Do-while loop.
        Until => "Until",
        /// Group of actions.
        Scope => "Scope",
        /// Stops the run.
        Terminate => "Terminate",
        /// Delay / delay until.
        Wait => "Wait",
        /// Outbound HTTP call.
        Http => "Http",
        /// HTTP webhook (subscribe/unsubscribe).
        HttpWebhook => "HttpWebhook",
        /// Managed connector call.
        ApiConnection => "ApiConnection",
        /// Managed connector webhook.
        ApiConnectionWebhook => "ApiConnectionWebhook",
        /// API Management call.
        ApiManagement => "ApiManagement",
        /// Standard built-in service provider operation.
        ServiceProvider => "ServiceProvider",
        /// Child workflow call.
        Workflow => "Workflow",
        /// Azure Function call.
        Function => "Function",
        /// Standard custom code function.
        InvokeFunction => "InvokeFunction",
        /// Inline JavaScript.
        JavaScriptCode => "JavaScriptCode",
        /// Inline C# script.
        CSharpScriptCode => "CSharpScriptCode",
        /// Inline PowerShell.
        PowershellCode => "PowershellCode",
        /// Batch sender.
        SendToBatch => "SendToBatch",
        /// XSLT transform.
        Xslt => "Xslt",
        /// XML schema validation.
        XmlValidation => "XmlValidation",
        /// XML parse.
        XmlParse => "XmlParse",
        /// XML compose.
        XmlCompose => "XmlCompose",
        /// Liquid transform.
        Liquid => "Liquid",
        /// Flat file decode.
        FlatFileDecoding => "FlatFileDecoding",
        /// Flat file encode.
        FlatFileEncoding => "FlatFileEncoding",
        /// Integration account artifact lookup.
        IntegrationAccountArtifactLookup => "IntegrationAccountArtifactLookup",
        /// RosettaNet encode.
        RosettaNetEncode => "RosettaNetEncode",
        /// RosettaNet decode.
        RosettaNetDecode => "RosettaNetDecode",
        /// RosettaNet wait for response.
        RosettaNetWaitForResponse => "RosettaNetWaitForResponse",
        /// AI agent loop.
        Agent => "Agent",
        /// Nested agent.
        NestedAgent => "NestedAgent",
        /// Agent hand-off.
        AgentHandOff => "AgentHandOff",
        /// MCP client tool.
        McpClientTool => "McpClientTool",
        /// Text chunking.
        ChunkText => "ChunkText",
        /// Document parsing.
        ParseDocument => "ParseDocument",
        /// Generic connector (agent workflows write `"connector"`).
        Connector => "Connector",
        /// Power Automate connector operation.
        OpenApiConnection => "OpenApiConnection",
        /// Power Automate connector webhook.
        OpenApiConnectionWebhook => "OpenApiConnectionWebhook",
    }
}

named_enum! {
    /// The `type` of a trigger.
    TriggerType {
        /// Callable HTTP endpoint ("manual").
        Request => "Request",
        /// Schedule.
        Recurrence => "Recurrence",
        /// Schedule with back-fill windows.
        SlidingWindow => "SlidingWindow",
        /// Polling HTTP.
        Http => "Http",
        /// HTTP webhook.
        HttpWebhook => "HttpWebhook",
        /// Polling managed connector.
        ApiConnection => "ApiConnection",
        /// Managed connector webhook.
        ApiConnectionWebhook => "ApiConnectionWebhook",
        /// Managed connector notification.
        ApiConnectionNotification => "ApiConnectionNotification",
        /// API Management.
        ApiManagement => "ApiManagement",
        /// Batch receiver.
        Batch => "Batch",
        /// Standard built-in service provider.
        ServiceProvider => "ServiceProvider",
        /// Power Automate connector trigger.
        OpenApiConnection => "OpenApiConnection",
        /// Power Automate connector webhook trigger.
        OpenApiConnectionWebhook => "OpenApiConnectionWebhook",
        /// Power Automate connector notification trigger.
        OpenApiConnectionNotification => "OpenApiConnectionNotification",
    }
}

named_enum! {
    /// The `type` of a workflow parameter or output.
    ParamType {
        /// Absent type.
        NotSpecified => "NotSpecified",
        /// String.
        String => "String",
        /// Secret string.
        SecureString => "SecureString",
        /// 64-bit integer.
        Int => "Int" | "Integer",
        /// Floating point.
        Float => "Float",
        /// Boolean.
        Bool => "Bool" | "Boolean",
        /// Array.
        Array => "Array",
        /// Object.
        Object => "Object",
        /// Secret object.
        SecureObject => "SecureObject",
    }
}

named_enum! {
    /// The `type` of a variable in `InitializeVariable`.
    VariableType {
        /// Boolean.
        Boolean => "Boolean",
        /// Integer.
        Integer => "Integer",
        /// Float.
        Float => "Float",
        /// String.
        String => "String",
        /// Object.
        Object => "Object",
        /// Array.
        Array => "Array",
    }
}

/// A status a predecessor must end in for a `runAfter` edge to fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RunAfterStatus {
    /// Predecessor succeeded.
    Succeeded,
    /// Predecessor failed.
    Failed,
    /// Predecessor was skipped.
    Skipped,
    /// Predecessor timed out.
    TimedOut,
}

impl RunAfterStatus {
    /// All statuses.
    pub const ALL: [RunAfterStatus; 4] = [
        RunAfterStatus::Succeeded,
        RunAfterStatus::Failed,
        RunAfterStatus::Skipped,
        RunAfterStatus::TimedOut,
    ];

    /// Case-insensitive parse (`"SUCCEEDED"` is accepted).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
    }

    /// Canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RunAfterStatus::Succeeded => "Succeeded",
            RunAfterStatus::Failed => "Failed",
            RunAfterStatus::Skipped => "Skipped",
            RunAfterStatus::TimedOut => "TimedOut",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_parse_case_insensitively() {
        assert_eq!(ActionType::parse("foreach"), ActionType::Foreach);
        assert_eq!(ActionType::parse("COMPOSE").canonical_name(), "Compose");
        assert_eq!(ActionType::parse("connector"), ActionType::Connector);
        assert_eq!(TriggerType::parse("recurrence"), TriggerType::Recurrence);
        assert_eq!(
            ActionType::parse("Nope"),
            ActionType::Unknown("Nope".into())
        );
        assert_eq!(ParamType::parse("integer"), ParamType::Int);
        assert_eq!(VariableType::parse("integer"), VariableType::Integer);
        assert_eq!(VariableType::parse("ARRAY"), VariableType::Array);
    }

    #[test]
    fn run_after_statuses_parse_case_insensitively() {
        assert_eq!(
            RunAfterStatus::parse("SUCCEEDED"),
            Some(RunAfterStatus::Succeeded)
        );
        assert_eq!(
            RunAfterStatus::parse("timedout"),
            Some(RunAfterStatus::TimedOut)
        );
        assert_eq!(RunAfterStatus::parse("Done"), None);
    }
}
