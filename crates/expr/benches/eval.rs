//! Parse-once / evaluate-many benchmark of a typical interpolation, with allocation counts.
//!
//! `cargo bench -p flowline-expr --bench eval` prints the parse time, the time per evaluation
//! and the heap allocations (count and bytes) per parse and per evaluation, measured by a
//! counting global allocator in this binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use flowline_expr::{JsonContext, Template, Value};

/// The template under test (from the expression-language issue).
const TEMPLATE: &str =
    "@{concat(body('Get_order')?['customer']?['name'], ' - ', string(add(variables('n'), 1)))}";

/// Counts allocations and allocated bytes; delegates to the system allocator.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards to `System` with the same arguments; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: forwarded unchanged; `ptr` came from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocation count and bytes while running `f`.
fn allocations_of<T>(f: impl FnOnce() -> T) -> (T, u64, u64) {
    let (count, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let out = f();
    let count = ALLOCATIONS.load(Ordering::Relaxed) - count;
    let bytes = BYTES.load(Ordering::Relaxed) - bytes;
    (out, count, bytes)
}

/// Runs `f` repeatedly for about `budget`; returns the mean nanoseconds per call and the calls.
fn time_per_call(budget: Duration, mut f: impl FnMut()) -> (f64, u64) {
    // Warm up and size a batch that takes ~10 ms.
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        if start.elapsed() >= Duration::from_millis(10) {
            break;
        }
        batch *= 2;
    }
    let start = Instant::now();
    let mut calls = 0;
    while start.elapsed() < budget {
        for _ in 0..batch {
            f();
        }
        calls += batch;
    }
    (start.elapsed().as_nanos() as f64 / calls as f64, calls)
}

fn context() -> JsonContext {
    let doc = serde_json::json!({
        "actions": {
            "Get_order": {
                "name": "Get_order",
                "status": "Succeeded",
                "outputs": {
                    "statusCode": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {
                        "id": "A-1001",
                        "customer": {"name": "Contoso", "email": "orders@contoso.example"},
                        "lines": [{"sku": "A-1", "qty": 2}, {"sku": "B-2", "qty": 1}]
                    }
                }
            }
        },
        "variables": {"n": 41},
        "utcNow": "2018-03-01T00:00:00Z"
    });
    JsonContext::from_json(&doc, chrono::DateTime::UNIX_EPOCH).expect("valid context")
}

fn main() {
    let context = context();
    let budget = Duration::from_secs(2);

    let (template, parse_allocs, parse_bytes) =
        allocations_of(|| Template::parse(TEMPLATE).expect("the template parses"));
    let (parse_time, parses) = time_per_call(budget, || {
        black_box(Template::parse(black_box(TEMPLATE)).expect("parses"));
    });

    let want = Value::from("Contoso - 42");
    assert_eq!(template.evaluate(&context).expect("evaluates"), want);
    let (_, eval_allocs, eval_bytes) = allocations_of(|| template.evaluate(&context));
    let (eval_time, evals) = time_per_call(budget, || {
        black_box(black_box(&template).evaluate(&context).expect("evaluates"));
    });

    println!("template: {TEMPLATE}");
    println!(
        "parse:    {parse_time:>8.0} ns per parse       ({parses} parses)      {parse_allocs} allocations, {parse_bytes} bytes"
    );
    println!(
        "evaluate: {eval_time:>8.0} ns per evaluation  ({evals} evaluations) {eval_allocs} allocations, {eval_bytes} bytes"
    );
}
