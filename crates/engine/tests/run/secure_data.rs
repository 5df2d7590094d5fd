//! `runtimeConfiguration.secureData`: run history hides secured inputs and outputs (and the
//! inputs that use secured outputs) while expressions see the real values.

use crate::harness::*;
use flowline_engine::secure::marker;
use flowline_storage::Status;
use serde_json::json;

fn secure(properties: &[&str]) -> serde_json::Value {
    json!({ "secureData": { "properties": properties } })
}

#[tokio::test]
async fn secured_values_never_reach_the_journal_but_expressions_see_them() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action(
            "Secret",
            compose(json!("s3cret")).with("runtimeConfiguration", secure(&["inputs"])),
        )
        .action(
            "Derived",
            compose(json!("@{outputs('Secret')}-derived")).after("Secret"),
        )
        .action(
            "Send",
            http_post(
                &server.url("/echo"),
                json!({ "value": "@outputs('Derived')" }),
            )
            .after("Derived"),
        )
        .action(
            "Fetch",
            http_post(&server.url("/echo"), json!({ "token": "t0ken" }))
                .with("runtimeConfiguration", secure(&["outputs"]))
                .after("Send"),
        )
        .action(
            "Length",
            compose(json!("@length(body('Fetch')?['token'])")).after("Fetch"),
        )
        .action("Plain", compose(json!("visible")).after("Length"));
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    // A secured Compose hides its inputs and (being its inputs) its outputs; what uses them is
    // hidden too, as far as a Compose passes it on.
    for name in ["Secret", "Derived"] {
        assert_eq!(done.action(name).inputs, Some(marker("inputs")), "{name}");
        assert_eq!(done.action(name).outputs, Some(marker("outputs")), "{name}");
    }
    // An Http call using a secured value hides its inputs; its own answer is not secured (so
    // the echo shows the expression saw the real value).
    assert_eq!(done.action("Send").inputs, Some(marker("inputs")));
    assert_eq!(
        done.action("Send").outputs.as_ref().unwrap()["body"],
        json!({ "value": "s3cret-derived" })
    );
    assert_eq!(done.action("Fetch").outputs, Some(marker("outputs")));
    assert_eq!(
        done.action("Fetch").inputs.as_ref().unwrap()["body"],
        json!({ "token": "t0ken" })
    );
    // What uses the secured answer is hidden as well.
    assert_eq!(done.action("Length").inputs, Some(marker("inputs")));
    assert_eq!(done.action("Length").outputs, Some(marker("outputs")));
    assert_eq!(done.action("Plain").inputs, Some(json!("visible")));
    let everything = serde_json::to_string(
        &done
            .attempts
            .iter()
            .map(|a| (&a.inputs, &a.outputs))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(!everything.contains("\"s3cret\""), "{everything}");
    let outputs =
        serde_json::to_string(&done.attempts.iter().map(|a| &a.outputs).collect::<Vec<_>>())
            .unwrap();
    assert!(!outputs.contains("t0ken"), "{outputs}");
}

#[tokio::test]
async fn secured_http_inputs_stay_hidden_on_every_retry() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let call = http("GET", &server.url("/flaky"))
        .with("runtimeConfiguration", secure(&["inputs", "outputs"]))
        .retry(json!({ "type": "fixed", "count": 3, "interval": "PT1S" }));
    let done = h.run(workflow().action("Call", call), json!({})).await;

    let attempts = done.attempts_of("Call");
    assert_eq!(attempts.len(), 3);
    for a in attempts {
        assert_eq!(a.inputs, Some(marker("inputs")), "attempt {}", a.attempt);
        assert_eq!(a.outputs, Some(marker("outputs")), "attempt {}", a.attempt);
    }
}
