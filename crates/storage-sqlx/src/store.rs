//! The [`Store`](flowline_storage::Store) implementation both backends share. Each backend struct
//! provides the same few inherent methods (`fetch_all`, `fetch_optional`, `execute`,
//! `save_version`, `shutdown`) and its timestamp column type; this macro writes the trait methods
//! on top of them once, so the read logic has no per-backend copy.

macro_rules! impl_store {
    ($store:ty, $time:ty, $dialect:expr, $single_node:expr) => {
        #[async_trait::async_trait]
        impl flowline_storage::Store for $store {
            async fn save_workflow(
                &self,
                new: flowline_storage::NewWorkflowVersion,
            ) -> flowline_storage::StorageResult<(flowline_storage::WorkflowRecord, flowline_storage::VersionRecord)>
            {
                let (workflow, version) = self.save_version(&new).await?;
                Ok((workflow.into_record()?, version.into_record()?))
            }

            async fn get_workflow(
                &self,
                name: &str,
            ) -> flowline_storage::StorageResult<Option<flowline_storage::WorkflowRecord>> {
                let row = self.fetch_optional::<$crate::rows::WorkflowRow<$time>>(
                    $crate::sql::get_workflow(name),
                    "get workflow",
                );
                row.await?.map(|r| r.into_record()).transpose()
            }

            async fn list_workflows(&self) -> flowline_storage::StorageResult<Vec<flowline_storage::WorkflowRecord>> {
                let rows = self
                    .fetch_all::<$crate::rows::WorkflowRow<$time>>($crate::sql::list_workflows(), "list workflows")
                    .await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            async fn delete_workflow(&self, name: &str) -> flowline_storage::StorageResult<bool> {
                let deleted = self.execute($crate::sql::delete_workflow(name), "delete workflow").await?;
                Ok(deleted > 0)
            }

            async fn set_workflow_enabled(
                &self,
                name: &str,
                enabled: bool,
            ) -> flowline_storage::StorageResult<flowline_storage::WorkflowRecord> {
                let stmt = $crate::sql::set_workflow_enabled(name, enabled);
                let row = self.fetch_optional::<$crate::rows::WorkflowRow<$time>>(stmt, "enable workflow").await?;
                match row {
                    Some(row) => row.into_record(),
                    None => Err(flowline_storage::StorageError::NotFound(format!("workflow '{name}'"))),
                }
            }

            async fn list_versions(
                &self,
                name: &str,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::VersionRecord>> {
                let stmt = $crate::sql::list_versions(name);
                let rows = self.fetch_all::<$crate::rows::VersionRow<$time>>(stmt, "list versions").await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            async fn get_version(
                &self,
                name: &str,
                version: i64,
            ) -> flowline_storage::StorageResult<Option<flowline_storage::VersionRecord>> {
                let stmt = $crate::sql::get_version(name, version);
                let row = self.fetch_optional::<$crate::rows::VersionRow<$time>>(stmt, "get version").await?;
                row.map(|r| r.into_record()).transpose()
            }

            async fn get_run(
                &self,
                workflow: &str,
                run_id: &str,
            ) -> flowline_storage::StorageResult<Option<flowline_storage::RunRecord>> {
                let stmt = $crate::sql::get_run(workflow, run_id);
                let row = self.fetch_optional::<$crate::rows::RunRow<$time>>(stmt, "get run").await?;
                row.map(|r| r.into_record()).transpose()
            }

            async fn list_runs(
                &self,
                workflow: &str,
                query: &flowline_storage::RunQuery,
            ) -> flowline_storage::StorageResult<flowline_storage::Page<flowline_storage::RunRecord>> {
                let listing = $crate::sql::list_runs(workflow, query)?;
                let rows = self.fetch_all::<$crate::rows::RunRow<$time>>(listing.stmt, "list runs").await?;
                let items = $crate::rows::records(rows, |r| r.into_record())?;
                Ok($crate::sql::page(items, listing.top, |r| (r.start_time, r.id.as_str())))
            }

            async fn list_unfinished_runs(&self) -> flowline_storage::StorageResult<Vec<flowline_storage::RunRecord>> {
                let stmt = $crate::sql::unfinished_runs();
                let rows = self.fetch_all::<$crate::rows::RunRow<$time>>(stmt, "list unfinished runs").await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            async fn list_action_attempts(
                &self,
                run_id: &str,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::ActionAttemptRecord>> {
                let stmt = $crate::sql::action_attempts(run_id);
                let rows = self.fetch_all::<$crate::rows::AttemptRow<$time>>(stmt, "list action attempts").await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            async fn list_trigger_history(
                &self,
                workflow: &str,
                trigger: &str,
                query: &flowline_storage::RunQuery,
            ) -> flowline_storage::StorageResult<flowline_storage::Page<flowline_storage::TriggerHistoryRecord>> {
                let listing = $crate::sql::list_history(workflow, trigger, query)?;
                let rows = self.fetch_all::<$crate::rows::HistoryRow<$time>>(listing.stmt, "list trigger history");
                let items = $crate::rows::records(rows.await?, |r| r.into_record())?;
                Ok($crate::sql::page(items, listing.top, |h| (h.start_time, h.id.as_str())))
            }

            async fn list_run_meters(
                &self,
                run_id: &str,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::MeterRecord>> {
                let stmt = $crate::sql::run_meters(run_id);
                let rows = self.fetch_all::<$crate::rows::MeterRow<$time>>(stmt, "list run meters").await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            async fn claim_runs(
                &self,
                claim: &flowline_storage::Claim,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::ClaimedRun>> {
                let stmt = $crate::sql::claim_runs(claim, $dialect);
                let rows = self.fetch_all::<$crate::rows::ClaimRow<$time>>(stmt, "claim runs").await?;
                let mut claimed = Vec::with_capacity(rows.len());
                for row in rows {
                    let id = row.id().to_string();
                    match row.into_record() {
                        Ok(run) => claimed.push(run),
                        Err(err) => {
                            // One unreadable row must not keep every other run from resuming
                            // (nor a server from starting): that run ends Failed.
                            tracing::error!(run = %id, error = %err, "a stored run cannot be read; recording it as failed");
                            self.execute($crate::sql::fail_unreadable_run(&id, claim.expires_at), "fail unreadable run").await?;
                        }
                    }
                }
                Ok(claimed)
            }

            async fn renew_leases(
                &self,
                owner: &str,
                run_ids: &[String],
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::RenewedLease>> {
                let mut out = Vec::with_capacity(run_ids.len());
                for chunk in run_ids.chunks($crate::sql::RENEW_CHUNK) {
                    let stmt = $crate::sql::renew_leases(owner, chunk, expires_at, $dialect);
                    let rows = self.fetch_all::<$crate::rows::LeaseRow>(stmt, "renew leases").await?;
                    out.extend($crate::rows::records(rows, |r| r.into_record())?);
                }
                Ok(out)
            }

            async fn release_leases(&self, owner: &str) -> flowline_storage::StorageResult<u64> {
                self.execute($crate::sql::release_leases(owner), "release leases").await
            }

            async fn request_cancel(&self, run_id: &str) -> flowline_storage::StorageResult<bool> {
                Ok(self.execute($crate::sql::request_cancel(run_id), "request cancel").await? > 0)
            }

            async fn find_child_run(
                &self,
                workflow: &str,
                key: &str,
            ) -> flowline_storage::StorageResult<Option<flowline_storage::RunRecord>> {
                let stmt = $crate::sql::child_run(workflow, key);
                let row = self.fetch_optional::<$crate::rows::RunRow<$time>>(stmt, "find child run").await?;
                row.map(|r| r.into_record()).transpose()
            }

            async fn list_run_variables(
                &self,
                run_id: &str,
            ) -> flowline_storage::StorageResult<Vec<(String, serde_json::Value)>> {
                let stmt = $crate::sql::run_variables(run_id);
                let rows = self.fetch_all::<$crate::rows::VariableRow>(stmt, "list run variables").await?;
                $crate::rows::records(rows, |r| r.into_record())
            }

            fn single_node(&self) -> bool {
                $single_node
            }

            fn journal(&self) -> &flowline_storage::Journal {
                &self.journal
            }

            fn webhooks(&self) -> &dyn flowline_storage::WebhookStore {
                self
            }

            fn schedules(&self) -> &dyn flowline_storage::ScheduleStore {
                self
            }

            async fn close(&self) -> flowline_storage::StorageResult<()> {
                self.shutdown().await;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_store;
