//! HttpWebhook (action): subscribe with a callback URL, wait for the callback, unsubscribe.
//!
//! Inputs `{subscribe: {method, uri, headers, body, …}, unsubscribe?: {…}}`. In order:
//!
//! 1. The action's **subscription** is opened in storage, keyed by run, action and repetition,
//!    with a fresh unguessable callback id — or, in a run re-driven after a restart, the
//!    subscription it opened before is found again (with a callback that may have arrived since).
//! 2. The inputs are evaluated with `listCallbackUrl()` = the host's URL for that id
//!    (`unsubscribe` is kept as written for now) and recorded on the `Running` marker.
//! 3. `subscribe` is called (only while the subscription is still `Pending`: a re-driven run that
//!    had subscribed does not subscribe again); then `unsubscribe` is evaluated with `action()`
//!    whose `outputs` are the subscribe answer, and stored with the subscription.
//! 4. The action waits — without holding a thread — for the callback: an in-process wake-up from
//!    the server ([`crate::Engine::webhook_callback_stored`]), with a periodic re-read of storage
//!    for callbacks another node stored. The callback's `{headers, body}` are the outputs.
//! 5. When the action ends (callback, `limit.timeout` → `TimedOut`/`ActionTimedOut`, cancel),
//!    `unsubscribe` is called if it was subscribed, and the subscription is closed: later
//!    callbacks to its URL get 404.

pub(crate) mod request;

use crate::limit::{time_limit, timed_out};
use crate::outcome::Outcome;
use crate::run::{Attempt, Ctx, mark_running};
use chrono::{DateTime, Utc};
use flowline_model::Action;
use flowline_storage::{NewSubscription, SubscriptionState, WebhookOwner};
use request::{Call, WebhookScope, current_action, evaluate_subscribe, evaluate_unsubscribe, send};
use serde_json::Value;
use std::time::Duration;

/// How often a waiting webhook re-reads its subscription when no in-process wake-up came (a
/// callback may have been delivered through another node sharing the database).
const POLL: Duration = Duration::from_secs(5);

/// A new callback id: 64 hex digits from two random v4 UUIDs (244 random bits).
pub(crate) fn new_callback_id() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Runs an HttpWebhook action; returns its recorded inputs and outcome.
pub(crate) async fn execute(
    ctx: &Ctx<'_>,
    action: &Action,
    start: DateTime<Utc>,
) -> (Option<Value>, Outcome) {
    let Some(host) = ctx.inner.hooks.host().cloned() else {
        let message =
            "HttpWebhook actions need a host that serves callback URLs; this engine has none.";
        return (None, Outcome::failed("WebhookNotAvailable", message));
    };
    let new = NewSubscription {
        id: new_callback_id(),
        workflow: ctx.workflow().name.clone(),
        owner: WebhookOwner::Action {
            run_id: ctx.state.run_id.clone(),
            action: action.name.clone(),
            repetition: ctx.repetition.clone(),
        },
        at: ctx.inner.clock.now(),
    };
    let subscription = match ctx.inner.store.webhooks().open_subscription(new).await {
        Ok(s) => s,
        Err(e) => {
            let message = format!(
                "The webhook subscription of action '{}' could not be stored: {e}.",
                action.name
            );
            return (None, Outcome::failed("WebhookSubscriptionFailed", message));
        }
    };
    let url = host.callback_url(&subscription.id);
    let evaluated = {
        let run_scope = ctx.scope();
        evaluate_subscribe(
            &action.inputs,
            action.raw.get("inputs"),
            &WebhookScope::new(&run_scope, &url),
        )
    };
    let inputs = match evaluated {
        Ok(v) => v,
        Err(e) => return (None, invalid_template(action, &e.message)),
    };
    mark_running(ctx, action, Attempt::first(start), &inputs);
    let limit = match time_limit(action) {
        Ok(l) => l,
        Err(message) => return (Some(inputs), Outcome::failed("InvalidTemplate", message)),
    };
    let waiting = Waiting {
        ctx,
        action,
        id: &subscription.id,
        url: &url,
        inputs: &inputs,
    };
    let wait = waiting.subscribe_and_wait(subscription.state);
    let outcome = tokio::select! {
        // A callback that arrived is taken, even if the run was stopped meanwhile.
        biased;
        done = async {
            match limit {
                Some(limit) => tokio::time::timeout(limit, wait).await.map_err(|_| limit),
                None => Ok(wait.await),
            }
        } => done.unwrap_or_else(|limit| timed_out(action, limit)),
        _ = ctx.cancel.cancelled() => Outcome::cancelled(),
    };
    ctx.inner.hooks.waiters.remove(&subscription.id);
    waiting.finish().await;
    (Some(inputs), outcome)
}

fn invalid_template(action: &Action, message: &str) -> Outcome {
    Outcome::failed(
        "InvalidTemplate",
        format!(
            "Unable to process template language expressions in action '{}' inputs: {message}",
            action.name
        ),
    )
}

/// One webhook action between subscribing and finishing.
struct Waiting<'a> {
    ctx: &'a Ctx<'a>,
    action: &'a Action,
    id: &'a str,
    url: &'a str,
    inputs: &'a Value,
}

impl Waiting<'_> {
    /// The idempotency key of the subscribe and unsubscribe calls: stable for run, action and
    /// repetition, so a call repeated after a restart carries the same key.
    fn key(&self) -> String {
        self.ctx.idempotency_key(&self.action.name)
    }

    /// Subscribes (when still `Pending`), then waits for the callback.
    async fn subscribe_and_wait(&self, state: SubscriptionState) -> Outcome {
        let notify = self.ctx.inner.hooks.waiters.register(self.id);
        if state == SubscriptionState::Pending
            && let Err(outcome) = self.subscribe().await
        {
            return outcome;
        }
        let store = self.ctx.inner.store.webhooks();
        loop {
            match store.get_subscription(self.id).await {
                Ok(Some(s)) if s.callback.is_some() => return Outcome::succeeded(s.callback),
                Ok(Some(s)) if s.state == SubscriptionState::Closed => {
                    return Outcome::failed(
                        "WebhookSubscriptionClosed",
                        format!(
                            "The webhook subscription of action '{}' was closed before a callback arrived.",
                            self.action.name
                        ),
                    );
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    return Outcome::failed(
                        "WebhookSubscriptionFailed",
                        format!(
                            "The webhook subscription of action '{}' no longer exists.",
                            self.action.name
                        ),
                    );
                }
                Err(e) => {
                    tracing::warn!(action = %self.action.name, error = %e, "reading a webhook subscription failed; retrying")
                }
            }
            let _ = tokio::time::timeout(POLL, notify.notified()).await;
        }
    }

    /// Calls `subscribe`, evaluates `unsubscribe` against its answer and stores it.
    async fn subscribe(&self) -> Result<(), Outcome> {
        let Some(subscribe) = self.inputs.get("subscribe").filter(|s| s.is_object()) else {
            return Err(Outcome::failed(
                "InvalidTemplate",
                format!(
                    "The HttpWebhook action '{}' needs an object 'subscribe' in its inputs.",
                    self.action.name
                ),
            ));
        };
        let inner = self.ctx.inner;
        let answer = send(
            &inner.http,
            Call::Subscribe,
            subscribe,
            &self.key(),
            inner.config.max_response_bytes,
        )
        .await?;
        let current = current_action(&self.action.name, self.inputs, &answer);
        let unsubscribe = {
            let run_scope = self.ctx.scope();
            evaluate_unsubscribe(
                &self.action.inputs,
                &WebhookScope::new(&run_scope, self.url).with_current_action(&current),
            )
        };
        let stored = match &unsubscribe {
            Ok(u) => u.as_ref(),
            Err(_) => None,
        };
        let state = SubscriptionState::Subscribed;
        if let Err(e) = inner
            .store
            .webhooks()
            .update_subscription(self.id, state, stored, inner.clock.now())
            .await
        {
            return Err(Outcome::failed(
                "WebhookSubscriptionFailed",
                format!("The webhook subscription could not be stored: {e}."),
            ));
        }
        unsubscribe
            .map(|_| ())
            .map_err(|e| invalid_template(self.action, &e.message))
    }

    /// Unsubscribes (if it subscribed and has an `unsubscribe`) and closes the subscription.
    async fn finish(&self) {
        let inner = self.ctx.inner;
        let store = inner.store.webhooks();
        let subscription = match store.get_subscription(self.id).await {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(action = %self.action.name, error = %e, "could not read a webhook subscription to close it");
                return;
            }
        };
        let subscribed = matches!(
            subscription.state,
            SubscriptionState::Subscribed | SubscriptionState::Received
        );
        if let (true, Some(request)) = (subscribed, &subscription.unsubscribe) {
            let max = inner.config.max_response_bytes;
            if let Err(o) = send(&inner.http, Call::Unsubscribe, request, &self.key(), max).await {
                tracing::warn!(action = %self.action.name, code = %o.code, error = ?o.error, "the webhook unsubscribe call failed");
            }
        }
        if let Err(e) = store
            .update_subscription(self.id, SubscriptionState::Closed, None, inner.clock.now())
            .await
        {
            tracing::warn!(action = %self.action.name, error = %e, "could not close a webhook subscription");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_ids_are_long_random_and_url_safe() {
        let a = new_callback_id();
        let b = new_callback_id();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
    }
}
