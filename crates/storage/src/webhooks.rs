//! Webhook subscriptions (HttpWebhook triggers and actions) and the callbacks they receive.
//!
//! A subscription is identified by its *callback id*: an unguessable token that is the last segment
//! of the callback URL handed to the subscriber. An action's subscription is also keyed by the
//! attempt that owns it (run, action, repetition), so a run re-driven after a restart finds the
//! subscription — and a callback that arrived meanwhile — instead of subscribing again.
//!
//! Durability rule: a callback's payload is written here *before* the caller is answered, so an
//! acknowledged callback is never lost, whether or not the run waiting for it is in memory.

use crate::StorageResult;
use crate::records::RepetitionIndex;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// What a subscription belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookOwner {
    /// An HttpWebhook action waiting in a run (one subscription per repetition).
    Action {
        /// The run.
        run_id: String,
        /// The action's name.
        action: String,
        /// The loop iteration it runs in (`[]` outside loops).
        repetition: Vec<RepetitionIndex>,
    },
    /// An HttpWebhook trigger: every callback starts a run.
    Trigger {
        /// The trigger's name.
        trigger: String,
        /// The workflow version whose definition subscribed.
        version: i64,
    },
}

/// Where a subscription is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubscriptionState {
    /// Created; the subscribe call has not (yet) been confirmed. Callbacks are accepted already:
    /// a subscriber may call back before its answer to the subscribe call arrives.
    Pending,
    /// The subscribe call succeeded; waiting for callbacks.
    Subscribed,
    /// An action's callback arrived (its payload is stored); later callbacks are refused.
    Received,
    /// Finished (the action completed, timed out or was cancelled; the trigger was removed).
    Closed,
}

impl SubscriptionState {
    /// The stable string form stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Pending => "Pending",
            SubscriptionState::Subscribed => "Subscribed",
            SubscriptionState::Received => "Received",
            SubscriptionState::Closed => "Closed",
        }
    }

    /// Whether a callback is still accepted in this state.
    pub fn accepts_callbacks(self) -> bool {
        matches!(
            self,
            SubscriptionState::Pending | SubscriptionState::Subscribed
        )
    }
}

impl fmt::Display for SubscriptionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubscriptionState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            SubscriptionState::Pending,
            SubscriptionState::Subscribed,
            SubscriptionState::Received,
            SubscriptionState::Closed,
        ]
        .into_iter()
        .find(|state| state.as_str() == s)
        .ok_or_else(|| format!("'{s}' is not a webhook subscription state"))
    }
}

/// One subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSubscription {
    /// The callback id (unguessable; the last segment of the callback URL).
    pub id: String,
    /// The workflow.
    pub workflow: String,
    /// What it belongs to.
    pub owner: WebhookOwner,
    /// Its state.
    pub state: SubscriptionState,
    /// The evaluated `unsubscribe` request to make when it ends (`None` when there is none).
    pub unsubscribe: Option<Value>,
    /// An action's callback `{headers, body}`, once received.
    pub callback: Option<Value>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A subscription to create.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    /// The callback id to use if none exists yet for this owner.
    pub id: String,
    /// The workflow.
    pub workflow: String,
    /// What it belongs to.
    pub owner: WebhookOwner,
    /// Creation time.
    pub at: DateTime<Utc>,
}

/// What became of a delivered callback.
#[derive(Debug, Clone, PartialEq)]
pub enum CallbackDelivery {
    /// Stored (an action's subscription is now `Received`), or, for a trigger, accepted.
    Accepted(Box<WebhookSubscription>),
    /// No subscription has this id.
    Unknown,
    /// The subscription no longer accepts callbacks (already received, or closed).
    Finished(SubscriptionState),
}

/// Storage of webhook subscriptions. Implemented by each backend.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// The subscription of `new.owner`, created `Pending` with `new.id` if the owner has none yet
    /// (for an action: per run, action and repetition; a trigger subscription is always new).
    async fn open_subscription(&self, new: NewSubscription) -> StorageResult<WebhookSubscription>;
    /// A subscription by callback id.
    async fn get_subscription(&self, id: &str) -> StorageResult<Option<WebhookSubscription>>;
    /// Moves a `Pending` subscription to `state` (any subscription to `Closed`; a `Received` one
    /// otherwise keeps its state) and, when given, stores the `unsubscribe` request to make at its
    /// end. `false` when no subscription has this id.
    async fn update_subscription(
        &self,
        id: &str,
        state: SubscriptionState,
        unsubscribe: Option<&Value>,
        at: DateTime<Utc>,
    ) -> StorageResult<bool>;
    /// Delivers a callback: for an action's subscription that still accepts callbacks, stores
    /// `payload` and moves it to `Received` in one statement (the first callback wins); for a
    /// trigger's subscription, only checks that it is active (each callback starts a run).
    async fn deliver_callback(
        &self,
        id: &str,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> StorageResult<CallbackDelivery>;
    /// The trigger subscriptions of a workflow that are not closed.
    async fn list_trigger_subscriptions(
        &self,
        workflow: &str,
    ) -> StorageResult<Vec<WebhookSubscription>>;
}
