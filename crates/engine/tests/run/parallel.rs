//! Parallel branches really run at the same time.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;

#[tokio::test]
async fn parallel_http_branches_are_in_flight_at_the_same_time() {
    // `/pair` answers only when two requests wait together: run one after the other, the first
    // would never be answered and the run would hang.
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Left", http("GET", &server.url("/pair")))
        .action("Right", http("GET", &server.url("/pair")))
        .action("Join", compose(json!("@concat(body('Left')?['paired'], body('Right')?['paired'])")).after("Left").after("Right"));
    let done = within(20, "two parallel Http actions (do branches run sequentially?)", h.run(wf, json!({}))).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    for name in ["Left", "Right", "Join"] {
        assert_eq!(done.status(name), Status::Succeeded, "{name}");
    }
    assert_eq!(done.action("Join").outputs, Some(json!("TrueTrue")));
}
