// The single writer: a thread that owns the write connection and commits queued jobs in
// batches (group commit). A batch is everything queued when the thread wakes, up to
// max_batch jobs: BEGIN IMMEDIATE, each job in its own SAVEPOINT (a failing job rolls back
// alone), COMMIT (one fsync), then the listener with the committed tags, then each done.
// While a batch commits, new jobs queue for the next one.
//
// A job submitted kAlone runs in a transaction of its own (no savepoint) with foreign keys off (the
// pragma cannot change inside a transaction): a staged import's changeset is applied so, because
// cascades would delete rows the changeset does not name (the job checks the keys itself).
//
// The done callbacks run on a second thread, in order (handed over once per batch), so that
// slow work in a callback (a refused comment renders a whole page) never delays the next
// commit. Each batch records its distinct change tags in the log once (not once per job),
// before its COMMIT.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"
#include "util/mutex.h"

namespace quire::store::sqlite {

struct WriterCounters {
  std::atomic<int64_t> commits{0};
  std::atomic<int64_t> jobs_committed{0};
  std::atomic<int64_t> jobs_failed{0};
  std::atomic<int64_t> batches_failed{0};
  std::atomic<int64_t> largest_batch{0};
};

class Writer {
 public:
  enum class Mode {
    kBatched,  // group commit with whatever else is queued
    kAlone,    // its own transaction, foreign keys off (PRAGMA foreign_key_check is the job's)
  };
  using Listener = std::function<void(const std::vector<std::string>& tags)>;

  // Starts the thread. The connection must outlive the writer's Stop().
  Writer(Connection& connection, int max_batch);
  ~Writer() { Stop(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a job; after Stop() began, calls done with kUnavailable on the caller's thread.
  void Submit(WriteJob job, WriteDone done, Mode mode = Mode::kBatched);
  // Replaces the commit listener (thread-safe; takes effect from the next batch).
  void SetListener(Listener listener);
  // Runs every queued job, then joins the thread. Idempotent; not from the writer thread.
  void Stop();

  const WriterCounters& counters() const { return counters_; }

 private:
  struct Pending {
    WriteJob job;
    WriteDone done;
    Mode mode = Mode::kBatched;
  };

  void Run();
  // Takes up to max_batch_ jobs, waiting for the first; empty when stopping and drained.
  std::vector<Pending> NextBatch();
  void RunBatch(std::vector<Pending>& batch);
  void RunInTransaction(std::vector<Pending>& batch);
  void RunAlone(std::vector<Pending>& batch, int64_t now);
  // Runs one job in a savepoint. The outer error means the transaction itself is broken;
  // the inner Status is the job's own outcome.
  Result<Status> RunJob(Pending& pending, std::vector<std::string>& tags, int64_t now);
  void FailBatch(std::vector<Pending>& batch, const Error& error);
  void PruneIfDue();
  using Work = std::move_only_function<void()>;
  // Inserts the batch's distinct change tags (store/store.h RecordChange) into the log.
  Status RecordChanges(const std::vector<std::string>& tags, int64_t now);
  void Notify(const std::vector<std::string>& tags);
  // Hands a done callback to the completion thread.
  void Complete(WriteDone done, Status outcome);
  // Hands work to the completion thread, which runs it in order, after what it was given before.
  void Hand(std::vector<Work> work);
  void RunCompletions();

  Connection& connection_;  // used only by the writer thread while it runs
  const size_t max_batch_;
  WriterCounters counters_;

  util::Mutex mutex_;
  util::CondVar wake_;
  std::deque<Pending> queue_ QUIRE_GUARDED_BY(mutex_);
  bool stopping_ QUIRE_GUARDED_BY(mutex_) = false;
  std::shared_ptr<const Listener> listener_ QUIRE_GUARDED_BY(mutex_);

  util::Mutex completion_mutex_;
  util::CondVar completion_wake_;
  std::deque<Work> completions_ QUIRE_GUARDED_BY(completion_mutex_);
  bool completions_stopping_ QUIRE_GUARDED_BY(completion_mutex_) = false;

  util::Mutex stop_mutex_;  // serialises Stop()
  std::thread thread_;
  std::thread completion_thread_;
};

}  // namespace quire::store::sqlite
