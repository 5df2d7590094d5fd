//! Webhook subscriptions ([`flowline_storage::WebhookStore`]) for both backends: the statements
//! (portable SQL), the row type, and a macro that implements the trait on top of each backend's
//! `fetch_optional` / `fetch_all` / `execute` primitives, like [`crate::store`] does for `Store`.
//!
//! A callback is delivered with one conditional `UPDATE … RETURNING`: of two racing callbacks
//! exactly one moves the subscription to `Received`, and its payload is committed before the
//! caller is answered.

use crate::codec::{DbTime, json_text, parse_opt_json, parse_repetition, repetition_key};
use crate::stmt::{Arg, Stmt};
use chrono::{DateTime, Utc};
use flowline_storage::{
    NewSubscription, StorageError, StorageResult, SubscriptionState, WebhookOwner,
    WebhookSubscription,
};
use serde_json::Value;
use std::borrow::Cow;

const COLUMNS: &str = "id, workflow, kind, run_id, name, repetition, version, state, unsubscribe, callback, \
     created_at, updated_at";

fn owned(sql: String, args: Vec<Arg>) -> Stmt {
    Stmt {
        sql: Cow::Owned(sql),
        args,
        must_update: Vec::new(),
    }
}

/// The unique key of a subscription's owner.
fn owner_key(id: &str, owner: &WebhookOwner) -> String {
    match owner {
        WebhookOwner::Action {
            run_id,
            action,
            repetition,
        } => {
            format!("action:{run_id}/{action}/{}", repetition_key(repetition))
        }
        WebhookOwner::Trigger { .. } => format!("trigger:{id}"),
    }
}

/// Inserts the subscription unless its owner has one already.
pub(crate) fn insert(new: &NewSubscription) -> Stmt {
    let (kind, run_id, name, repetition, version) = match &new.owner {
        WebhookOwner::Action {
            run_id,
            action,
            repetition,
        } => (
            "action",
            Some(run_id.clone()),
            action.clone(),
            repetition_key(repetition),
            0,
        ),
        WebhookOwner::Trigger { trigger, version } => {
            ("trigger", None, trigger.clone(), "[]".to_string(), *version)
        }
    };
    let sql = "INSERT INTO webhook_subscriptions (id, workflow, owner_key, kind, run_id, name, repetition, version, \
         state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (owner_key) DO NOTHING";
    Stmt::new(
        sql,
        vec![
            Arg::Text(new.id.clone()),
            Arg::Text(new.workflow.clone()),
            Arg::Text(owner_key(&new.id, &new.owner)),
            Arg::Text(kind.to_string()),
            Arg::OptText(run_id),
            Arg::Text(name),
            Arg::Text(repetition),
            Arg::Int(version),
            Arg::Text(SubscriptionState::Pending.as_str().to_string()),
            Arg::Time(new.at),
        ],
    )
}

/// The subscription of an owner.
pub(crate) fn by_owner(new: &NewSubscription) -> Stmt {
    owned(
        format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE owner_key = $1"),
        vec![Arg::Text(owner_key(&new.id, &new.owner))],
    )
}

/// A subscription by callback id.
pub(crate) fn by_id(id: &str) -> Stmt {
    owned(
        format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1"),
        vec![Arg::Text(id.to_string())],
    )
}

/// Sets the state (and the unsubscribe request, when given). Only a `Pending` subscription moves to
/// another state this way, except that any may be closed: a `Received` one stays `Received`.
pub(crate) fn update(
    id: &str,
    state: SubscriptionState,
    unsubscribe: Option<&Value>,
    at: DateTime<Utc>,
) -> Stmt {
    Stmt::new(
        "UPDATE webhook_subscriptions \
         SET state = CASE WHEN state = 'Pending' OR $2 = 'Closed' THEN $2 ELSE state END, \
         unsubscribe = COALESCE($3, unsubscribe), updated_at = $4 WHERE id = $1",
        vec![
            Arg::Text(id.to_string()),
            Arg::Text(state.as_str().to_string()),
            Arg::OptText(unsubscribe.map(json_text)),
            Arg::Time(at),
        ],
    )
}

/// Stores an action's callback if its subscription still accepts one; returns the row if it did.
pub(crate) fn receive(id: &str, payload: &Value, at: DateTime<Utc>) -> Stmt {
    let sql = format!(
        "UPDATE webhook_subscriptions SET state = 'Received', callback = $2, updated_at = $3 \
         WHERE id = $1 AND kind = 'action' AND state IN ('Pending', 'Subscribed') RETURNING {COLUMNS}"
    );
    owned(
        sql,
        vec![
            Arg::Text(id.to_string()),
            Arg::Text(json_text(payload)),
            Arg::Time(at),
        ],
    )
}

/// The open trigger subscriptions of a workflow.
pub(crate) fn triggers_of(workflow: &str) -> Stmt {
    owned(
        format!(
            "SELECT {COLUMNS} FROM webhook_subscriptions WHERE workflow = $1 AND kind = 'trigger' \
             AND state <> 'Closed' ORDER BY created_at, id"
        ),
        vec![Arg::Text(workflow.to_string())],
    )
}

#[derive(sqlx::FromRow)]
pub(crate) struct SubscriptionRow<T> {
    id: String,
    workflow: String,
    kind: String,
    run_id: Option<String>,
    name: String,
    repetition: String,
    version: i64,
    state: String,
    unsubscribe: Option<String>,
    callback: Option<String>,
    created_at: T,
    updated_at: T,
}

impl<T: DbTime> SubscriptionRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<WebhookSubscription> {
        let owner = match (self.kind.as_str(), self.run_id) {
            ("action", Some(run_id)) => WebhookOwner::Action {
                run_id,
                action: self.name,
                repetition: parse_repetition(&self.repetition)?,
            },
            ("trigger", _) => WebhookOwner::Trigger {
                trigger: self.name,
                version: self.version,
            },
            (kind, _) => {
                return Err(StorageError::Backend(format!(
                    "unreadable webhook subscription kind '{kind}'"
                )));
            }
        };
        let state = self.state.parse().map_err(StorageError::Backend)?;
        Ok(WebhookSubscription {
            id: self.id,
            workflow: self.workflow,
            owner,
            state,
            unsubscribe: parse_opt_json(self.unsubscribe, "unsubscribe")?,
            callback: parse_opt_json(self.callback, "callback")?,
            created_at: self.created_at.into_utc()?,
            updated_at: self.updated_at.into_utc()?,
        })
    }
}

/// Implements [`flowline_storage::WebhookStore`] for a backend (invoked in its module, where its
/// primitives are visible), with `$time` its timestamp column type.
macro_rules! impl_webhooks {
    ($store:ty, $time:ty) => {
        #[async_trait::async_trait]
        impl flowline_storage::WebhookStore for $store {
            async fn open_subscription(
                &self,
                new: flowline_storage::NewSubscription,
            ) -> flowline_storage::StorageResult<flowline_storage::WebhookSubscription> {
                use $crate::webhooks as w;
                self.execute(w::insert(&new), "open webhook subscription")
                    .await?;
                let row = self.fetch_optional::<w::SubscriptionRow<$time>>(
                    w::by_owner(&new),
                    "open webhook subscription",
                );
                match row.await? {
                    Some(row) => row.into_record(),
                    None => Err(flowline_storage::StorageError::NotFound(format!(
                        "webhook subscription '{}'",
                        new.id
                    ))),
                }
            }

            async fn get_subscription(
                &self,
                id: &str,
            ) -> flowline_storage::StorageResult<Option<flowline_storage::WebhookSubscription>>
            {
                use $crate::webhooks as w;
                let row = self.fetch_optional::<w::SubscriptionRow<$time>>(
                    w::by_id(id),
                    "get webhook subscription",
                );
                row.await?.map(|r| r.into_record()).transpose()
            }

            async fn update_subscription(
                &self,
                id: &str,
                state: flowline_storage::SubscriptionState,
                unsubscribe: Option<&serde_json::Value>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> flowline_storage::StorageResult<bool> {
                let stmt = $crate::webhooks::update(id, state, unsubscribe, at);
                Ok(self.execute(stmt, "update webhook subscription").await? > 0)
            }

            async fn deliver_callback(
                &self,
                id: &str,
                payload: &serde_json::Value,
                at: chrono::DateTime<chrono::Utc>,
            ) -> flowline_storage::StorageResult<flowline_storage::CallbackDelivery> {
                use flowline_storage::{CallbackDelivery, WebhookOwner};
                use $crate::webhooks as w;
                let stored = self.fetch_optional::<w::SubscriptionRow<$time>>(
                    w::receive(id, payload, at),
                    "deliver webhook callback",
                );
                if let Some(row) = stored.await? {
                    return Ok(CallbackDelivery::Accepted(Box::new(row.into_record()?)));
                }
                let current = self.fetch_optional::<w::SubscriptionRow<$time>>(
                    w::by_id(id),
                    "deliver webhook callback",
                );
                Ok(match current.await?.map(|r| r.into_record()).transpose()? {
                    None => CallbackDelivery::Unknown,
                    Some(s)
                        if matches!(s.owner, WebhookOwner::Trigger { .. })
                            && s.state.accepts_callbacks() =>
                    {
                        CallbackDelivery::Accepted(Box::new(s))
                    }
                    Some(s) => CallbackDelivery::Finished(s.state),
                })
            }

            async fn list_trigger_subscriptions(
                &self,
                workflow: &str,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::WebhookSubscription>> {
                use $crate::webhooks as w;
                let rows = self.fetch_all::<w::SubscriptionRow<$time>>(
                    w::triggers_of(workflow),
                    "list trigger subscriptions",
                );
                $crate::rows::records(rows.await?, |r| r.into_record())
            }
        }
    };
}

pub(crate) use impl_webhooks;
