//! HttpWebhook triggers: subscribed while their workflow version is current and enabled.
//!
//! The host calls [`Engine::sync_webhook_triggers`] whenever that may change — a save (every save
//! is a new version, and Logic Apps subscribes again on save), enable, disable, delete. It:
//!
//! - ends every open trigger subscription that no longer matches (another version, a trigger that
//!   is gone, a disabled or deleted workflow): calls its stored `unsubscribe` request and closes
//!   it, so its callback URL answers 404 from then on;
//! - subscribes every HttpWebhook trigger of the current version that has no subscription: opens
//!   one with a fresh callback id, evaluates the trigger's inputs with `listCallbackUrl()` = its
//!   URL, calls `subscribe`, then evaluates `unsubscribe` (with `action()`'s `outputs` = the
//!   subscribe answer) and stores it. A failed subscribe is recorded in the trigger's history
//!   (status Failed, not fired) and its subscription closed.
//!
//! Each callback to an open trigger subscription starts a run (the host does that through
//! [`Engine::start_run`], which records trigger history and the trigger's meter).

use crate::actions::webhook::new_callback_id;
use crate::actions::webhook::request::{
    Call, WebhookScope, current_action, evaluate_subscribe, evaluate_unsubscribe, send,
};
use crate::engine::Engine;
use crate::outcome::{Outcome, error};
use crate::prepare::PreparedWorkflow;
use crate::scope::RunScope;
use crate::state::RunState;
use flowline_model::{Trigger, TriggerType};
use flowline_storage::{
    JournalEntry, MeterCategory, MeterRecord, NewSubscription, Status, StorageError,
    SubscriptionState, TriggerHistoryRecord, WebhookOwner, WebhookSubscription,
};
use serde_json::{Value, json};
use std::sync::Arc;

/// What [`Engine::sync_webhook_triggers`] did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WebhookSync {
    /// Triggers subscribed now.
    pub subscribed: Vec<String>,
    /// Triggers whose subscription ended now.
    pub unsubscribed: Vec<String>,
    /// Triggers whose subscribe call failed, with the error code.
    pub failed: Vec<(String, String)>,
}

impl Engine {
    /// Brings the HttpWebhook trigger subscriptions of `workflow` in line with `current`: the
    /// version whose triggers should be subscribed, or `None` when the workflow is disabled or
    /// being deleted. See the module documentation.
    pub async fn sync_webhook_triggers(
        &self,
        workflow: &str,
        current: Option<&Arc<PreparedWorkflow>>,
    ) -> Result<WebhookSync, StorageError> {
        let store = self.inner.store.webhooks();
        let mut report = WebhookSync::default();
        let mut kept = Vec::new();
        for subscription in store.list_trigger_subscriptions(workflow).await? {
            let WebhookOwner::Trigger { trigger, version } = &subscription.owner else {
                continue;
            };
            let still_wanted = current.is_some_and(|w| {
                w.version == *version
                    && w.trigger(trigger)
                        .is_some_and(|t| t.trigger_type == TriggerType::HttpWebhook)
            });
            if still_wanted && subscription.state == SubscriptionState::Subscribed {
                kept.push(trigger.to_ascii_lowercase());
            } else {
                self.end_trigger_subscription(&subscription).await?;
                report.unsubscribed.push(trigger.clone());
            }
        }
        let Some(current) = current else {
            return Ok(report);
        };
        let wanted = current
            .definition
            .triggers
            .iter()
            .filter(|t| t.trigger_type == TriggerType::HttpWebhook);
        for trigger in wanted.filter(|t| !kept.contains(&t.name.to_ascii_lowercase())) {
            match self.subscribe_trigger(current, trigger).await? {
                Ok(()) => report.subscribed.push(trigger.name.clone()),
                Err(code) => report.failed.push((trigger.name.clone(), code)),
            }
        }
        Ok(report)
    }

    /// Calls a trigger subscription's `unsubscribe` (if it subscribed) and closes it.
    async fn end_trigger_subscription(
        &self,
        subscription: &WebhookSubscription,
    ) -> Result<(), StorageError> {
        if subscription.state == SubscriptionState::Subscribed
            && let Some(request) = &subscription.unsubscribe
        {
            let max = self.inner.config.max_response_bytes;
            if let Err(o) = send(
                &self.inner.http,
                Call::Unsubscribe,
                request,
                &subscription.id,
                max,
            )
            .await
            {
                tracing::warn!(workflow = %subscription.workflow, code = %o.code, error = ?o.error, "a webhook trigger's unsubscribe call failed");
            }
        }
        let now = self.inner.clock.now();
        self.inner
            .store
            .webhooks()
            .update_subscription(&subscription.id, SubscriptionState::Closed, None, now)
            .await?;
        Ok(())
    }

    /// Subscribes one trigger; `Err(code)` inside when the subscribe call failed (recorded in the
    /// trigger's history).
    async fn subscribe_trigger(
        &self,
        workflow: &Arc<PreparedWorkflow>,
        trigger: &Trigger,
    ) -> Result<Result<(), String>, StorageError> {
        let store = self.inner.store.webhooks();
        let now = self.inner.clock.now();
        let new = NewSubscription {
            id: new_callback_id(),
            workflow: workflow.name.clone(),
            owner: WebhookOwner::Trigger {
                trigger: trigger.name.clone(),
                version: workflow.version,
            },
            at: now,
        };
        let subscription = store.open_subscription(new).await?;
        let outcome = match self.inner.hooks.host() {
            Some(host) => {
                let url = host.callback_url(&subscription.id);
                self.call_trigger_subscribe(workflow, trigger, &subscription.id, &url)
                    .await
            }
            None => Err(Outcome::failed(
                "WebhookNotAvailable",
                "This engine has no host that serves callback URLs.",
            )),
        };
        let now = self.inner.clock.now();
        match outcome {
            Ok(unsubscribe) => {
                store
                    .update_subscription(
                        &subscription.id,
                        SubscriptionState::Subscribed,
                        unsubscribe.as_ref(),
                        now,
                    )
                    .await?;
                Ok(Ok(()))
            }
            Err(failure) => {
                store
                    .update_subscription(&subscription.id, SubscriptionState::Closed, None, now)
                    .await?;
                tracing::warn!(workflow = %workflow.name, trigger = %trigger.name, code = %failure.code, "subscribing a webhook trigger failed");
                self.record_failed_subscribe(workflow, trigger, &failure)
                    .await?;
                Ok(Err(failure.code))
            }
        }
    }

    /// Evaluates and makes the subscribe call; returns the evaluated `unsubscribe` request.
    async fn call_trigger_subscribe(
        &self,
        workflow: &Arc<PreparedWorkflow>,
        trigger: &Trigger,
        key: &str,
        url: &str,
    ) -> Result<Option<Value>, Outcome> {
        let state = RunState::new(
            workflow.clone(),
            String::new(),
            String::new(),
            json!({}),
            workflow.parameters.clone(),
            None,
        );
        let run_scope = RunScope::new(&state, self.inner.clock.now(), &self.inner.config);
        let invalid = |e: flowline_expr::EvalError| {
            let message = format!(
                "Unable to process template language expressions in trigger '{}' inputs: {}",
                trigger.name, e.message
            );
            Outcome::failed("InvalidTemplate", message)
        };
        let inputs = evaluate_subscribe(
            &trigger.inputs,
            trigger.raw.get("inputs"),
            &WebhookScope::new(&run_scope, url),
        )
        .map_err(invalid)?;
        let Some(subscribe) = inputs.get("subscribe").filter(|s| s.is_object()) else {
            let message = format!(
                "The HttpWebhook trigger '{}' needs an object 'subscribe' in its inputs.",
                trigger.name
            );
            return Err(Outcome::failed("InvalidTemplate", message));
        };
        let answer = send(
            &self.inner.http,
            Call::Subscribe,
            subscribe,
            key,
            self.inner.config.max_response_bytes,
        )
        .await?;
        let current = current_action(&trigger.name, &inputs, &answer);
        let scope = WebhookScope::new(&run_scope, url).with_current_action(&current);
        evaluate_unsubscribe(&trigger.inputs, &scope).map_err(invalid)
    }

    /// Records a failed subscribe in the trigger's history (not fired) with its meter.
    async fn record_failed_subscribe(
        &self,
        workflow: &PreparedWorkflow,
        trigger: &Trigger,
        failure: &Outcome,
    ) -> Result<(), StorageError> {
        let now = self.inner.clock.now();
        let id = uuid::Uuid::now_v7().simple().to_string().to_uppercase();
        let history = TriggerHistoryRecord {
            id: id.clone(),
            workflow: workflow.name.clone(),
            trigger: trigger.name.clone(),
            status: Status::Failed,
            code: Some(failure.code.clone()),
            fired: false,
            run_id: None,
            inputs: None,
            outputs: failure.outputs.clone(),
            error: failure
                .error
                .clone()
                .or_else(|| Some(error(&failure.code, "The subscribe call failed."))),
            start_time: now,
            end_time: Some(now),
        };
        let meter = MeterRecord {
            key: format!("trigger/{id}"),
            workflow: workflow.name.clone(),
            run_id: None,
            operation: trigger.name.clone(),
            category: MeterCategory::Trigger,
            units: 1,
            at: now,
        };
        self.inner
            .store
            .journal()
            .submit(vec![JournalEntry::TriggerFired {
                history,
                run: None,
                meter,
            }])
            .await
    }
}
