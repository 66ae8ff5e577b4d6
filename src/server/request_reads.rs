//! One run per request of each read a page makes while it is server-rendered.
//!
//! On the server, Leptos' `<Suspense>`/`<Transition>` builds its children once more after
//! their resources resolve, to find reads nested behind them (leptos-rs/leptos#4688). Every
//! page behind the gate (`components::gate`) is built inside one, so each page created its
//! resources twice per render and called each of its server functions twice: the dashboard
//! of an organisation of 100,000 vouchers ran its counting queries twice per request. The
//! request's reads share each one between the two builds: the first call runs it, the
//! second awaits that same run. A server function called from the browser is its request's
//! one read.

use futures::future::{BoxFuture, FutureExt, Shared};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

type Answer = Arc<dyn Any + Send + Sync>;
type Reads = HashMap<(TypeId, String), Shared<BoxFuture<'static, Answer>>>;

/// The reads of one request (provided per request by `startup::router`).
#[derive(Clone, Default)]
pub struct RequestReads(Arc<Mutex<Reads>>);

impl RequestReads {
    /// The current request's reads. Take them before the server function's first `.await`,
    /// like `AppState::current` (a context lookup after an await can find nothing); outside
    /// a request they are a memo of their own.
    pub fn current() -> Self {
        leptos::prelude::use_context::<Self>().unwrap_or_default()
    }

    /// `read`'s answer, run once per request for `key` (the server function and its
    /// arguments).
    pub async fn once<T, F>(&self, key: impl Into<String>, read: F) -> T
    where
        T: Clone + Send + Sync + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let shared = {
            let mut reads = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            reads
                .entry((TypeId::of::<T>(), key.into()))
                .or_insert_with(|| read.map(|answer| Arc::new(answer) as Answer).boxed().shared())
                .clone()
        };
        let answer = shared.await;
        answer.downcast_ref::<T>().cloned().expect("a read's key carries the type of its answer")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::{provide_context, Owner};
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting_read(runs: &Arc<AtomicUsize>, answer: u32) -> impl Future<Output = Result<u32, String>> + Send {
        let runs = Arc::clone(runs);
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(answer)
        }
    }

    #[tokio::test]
    async fn a_render_runs_each_read_once_and_shares_its_answer() {
        let owner = Owner::new();
        owner.set();
        provide_context(RequestReads::default());
        let (first, second) = (RequestReads::current(), RequestReads::current());
        let runs = Arc::new(AtomicUsize::new(0));
        let (a, b) = tokio::join!(
            first.once("next_steps", counting_read(&runs, 7)),
            second.once("next_steps", counting_read(&runs, 8))
        );
        assert_eq!((a, b), (Ok(7), Ok(7)), "the second build gets the first build's answer");
        assert_eq!(runs.load(Ordering::SeqCst), 1);

        let other = first.once("list_vouchers status=assigned", counting_read(&runs, 9)).await;
        assert_eq!(other, Ok(9), "another read (or the same with other arguments) runs on its own");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_first_caller_going_away_leaves_the_read_to_the_second() {
        let owner = Owner::new();
        owner.set();
        provide_context(RequestReads::default());
        let reads = RequestReads::current();
        let runs = Arc::new(AtomicUsize::new(0));
        // The first build's resource is dropped after polling its read once.
        let mut abandoned = Box::pin(reads.once("next_steps", counting_read(&runs, 1)));
        assert!(futures::poll!(&mut abandoned).is_pending());
        drop(abandoned);
        assert_eq!(reads.once("next_steps", counting_read(&runs, 2)).await, Ok(1));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn each_request_runs_its_own_reads() {
        let runs = Arc::new(AtomicUsize::new(0));
        let (one, another) = (RequestReads::default(), RequestReads::default());
        assert_eq!(one.once("next_steps", counting_read(&runs, 1)).await, Ok(1));
        assert_eq!(another.once("next_steps", counting_read(&runs, 2)).await, Ok(2));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
