#include "store/sqlite/writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>
#include <utility>

#include "store/sqlite/queries.h"
#include "store/sqlite/sqlite_transaction.h"

namespace quire::store::sqlite {
namespace {

// The changes table keeps this many rows; older ones are pruned every kPruneEvery commits.
constexpr int64_t kKeepChanges = 10000;
constexpr int64_t kPruneEvery = 512;

int64_t NowSeconds() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(now).count();
}

std::vector<std::string> Deduplicated(std::vector<std::string> tags) {
  std::unordered_set<std::string> seen;
  std::vector<std::string> out;
  for (std::string& tag : tags) {
    if (seen.insert(tag).second) out.push_back(std::move(tag));
  }
  return out;
}

Error Unavailable(const Error& error) {
  return Error{ErrorKind::kUnavailable, "the write was not committed: " + error.message};
}

}  // namespace

Writer::Writer(Connection& connection, int max_batch)
    : connection_(connection), max_batch_(static_cast<size_t>(std::max(max_batch, 1))) {
  thread_ = std::thread([this] { Run(); });
  completion_thread_ = std::thread([this] { RunCompletions(); });
}

void Writer::Submit(WriteJob job, WriteDone done, Mode mode) {
  {
    util::MutexLock lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(job), std::move(done), mode});
      wake_.NotifyOne();
      return;
    }
  }
  done(Fail(ErrorKind::kUnavailable, "the store is closed"));
}

void Writer::SetListener(Listener listener) {
  auto shared = std::make_shared<const Listener>(std::move(listener));
  util::MutexLock lock(mutex_);
  listener_ = std::move(shared);
}

void Writer::Stop() {
  util::MutexLock stop_lock(stop_mutex_);
  {
    util::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.NotifyOne();
  if (thread_.joinable()) thread_.join();
  {
    util::MutexLock lock(completion_mutex_);
    completions_stopping_ = true;
  }
  completion_wake_.NotifyOne();
  if (completion_thread_.joinable()) completion_thread_.join();
}

void Writer::Complete(WriteDone done, Status outcome) {
  std::vector<Work> work;
  work.push_back([done = std::move(done), outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
  Hand(std::move(work));
}

void Writer::Hand(std::vector<Work> work) {
  {
    util::MutexLock lock(completion_mutex_);
    for (Work& w : work) completions_.push_back(std::move(w));
  }
  completion_wake_.NotifyOne();
}

void Writer::RunCompletions() {
  util::MutexLock lock(completion_mutex_);
  std::deque<Work> ready;
  for (;;) {
    completion_wake_.Wait(lock, [this]() QUIRE_REQUIRES(completion_mutex_) {
      return completions_stopping_ || !completions_.empty();
    });
    if (completions_.empty()) return;  // stopping, and everything was called
    ready.swap(completions_);
    lock.Unlock();
    for (Work& work : ready) work();
    ready.clear();
    lock.Lock();
  }
}

void Writer::Run() {
  for (;;) {
    std::vector<Pending> batch = NextBatch();
    if (batch.empty()) return;
    RunBatch(batch);
  }
}

std::vector<Writer::Pending> Writer::NextBatch() {
  util::MutexLock lock(mutex_);
  wake_.Wait(lock, [this]() QUIRE_REQUIRES(mutex_) { return stopping_ || !queue_.empty(); });
  std::vector<Pending> batch;
  batch.reserve(std::min(queue_.size(), max_batch_));
  while (!queue_.empty() && batch.size() < max_batch_) {
    const bool alone = queue_.front().mode == Mode::kAlone;
    if (alone && !batch.empty()) break;  // it starts the next batch
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    if (alone) break;
  }
  return batch;
}

void Writer::RunBatch(std::vector<Pending>& batch) {
  int64_t size = static_cast<int64_t>(batch.size());
  if (size > counters_.largest_batch.load()) counters_.largest_batch.store(size);
  if (batch.front().mode == Mode::kBatched) return RunInTransaction(batch);
  if (Status off = connection_.Exec("PRAGMA foreign_keys=OFF", "pausing foreign keys"); !off) {
    FailBatch(batch, off.error());
    return;
  }
  RunInTransaction(batch);
  if (Status on = connection_.Exec("PRAGMA foreign_keys=ON", "enabling foreign keys"); !on) {
    spdlog::error("store: {}", on.error().message);
  }
}

void Writer::RunInTransaction(std::vector<Pending>& batch) {
  if (Status begun = connection_.Run("BEGIN IMMEDIATE", "starting a write batch"); !begun) {
    FailBatch(batch, begun.error());
    return;
  }
  int64_t now = NowSeconds();
  if (batch.front().mode == Mode::kAlone) return RunAlone(batch, now);
  std::vector<Status> outcomes;
  outcomes.reserve(batch.size());
  std::vector<std::string> tags;
  for (Pending& pending : batch) {
    Result<Status> outcome = RunJob(pending, tags, now);
    if (!outcome) {
      (void)connection_.Run("ROLLBACK", "rolling back a broken write batch");
      FailBatch(batch, outcome.error());
      return;
    }
    outcomes.push_back(std::move(*outcome));
  }
  std::vector<std::string> recorded = Deduplicated(std::move(tags));
  if (Status logged = RecordChanges(recorded, now); !logged) {
    (void)connection_.Run("ROLLBACK", "rolling back a write batch");
    FailBatch(batch, logged.error());
    return;
  }
  PruneIfDue();
  if (Status committed = connection_.Run("COMMIT", "committing a write batch"); !committed) {
    (void)connection_.Run("ROLLBACK", "rolling back an uncommitted write batch");
    FailBatch(batch, committed.error());
    return;
  }
  counters_.commits.fetch_add(1);
  Notify(recorded);
  std::vector<Work> work;
  work.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    (outcomes[i] ? counters_.jobs_committed : counters_.jobs_failed).fetch_add(1);
    work.push_back([done = std::move(batch[i].done), outcome = std::move(outcomes[i])]() mutable {
      done(std::move(outcome));
    });
  }
  Hand(std::move(work));
}

// The job is the transaction: no savepoint (a savepoint journals every page the job first
// touches, which for a large changeset costs a third of the time); a failure rolls it all back.
void Writer::RunAlone(std::vector<Pending>& batch, int64_t now) {
  SqliteTransaction transaction(connection_, now);
  Status outcome = batch.front().job(transaction);
  if (!outcome) {
    (void)connection_.Run("ROLLBACK", "rolling back a failed job");
    counters_.jobs_failed.fetch_add(1);
    Complete(std::move(batch.front().done), std::move(outcome));
    return;
  }
  std::vector<std::string> recorded = Deduplicated(std::move(transaction.tags()));
  Status committed = RecordChanges(recorded, now);
  if (committed) committed = connection_.Run("COMMIT", "committing a write");
  if (!committed) {
    (void)connection_.Run("ROLLBACK", "rolling back an uncommitted write");
    FailBatch(batch, committed.error());
    return;
  }
  counters_.commits.fetch_add(1);
  counters_.jobs_committed.fetch_add(1);
  Notify(recorded);
  std::vector<Work> work;
  work.push_back([done = std::move(batch.front().done), outcome = std::move(outcome)]() mutable {
    done(std::move(outcome));
  });
  Hand(std::move(work));
}

// One row per distinct tag of the batch, in the batch's transaction: a reader of the log needs
// to know what changed since its last look, not how many jobs changed it.
Status Writer::RecordChanges(const std::vector<std::string>& tags, int64_t now) {
  for (const std::string& tag : tags) {
    if (Status s = InsertChange(connection_, tag, now); !s) return s;
  }
  return {};
}

Result<Status> Writer::RunJob(Pending& pending, std::vector<std::string>& tags, int64_t now) {
  if (Status s = connection_.Run("SAVEPOINT job", "opening a job's savepoint"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  SqliteTransaction transaction(connection_, now);
  Status outcome = pending.job(transaction);
  if (!outcome) {
    Status undone = connection_.Run("ROLLBACK TO job", "rolling back a failed job");
    if (!undone) return std::unexpected(std::move(undone.error()));
  }
  if (Status s = connection_.Run("RELEASE job", "releasing a job's savepoint"); !s) {
    return std::unexpected(std::move(s.error()));
  }
  if (outcome) {
    for (std::string& tag : transaction.tags()) tags.push_back(std::move(tag));
  }
  return outcome;
}

void Writer::FailBatch(std::vector<Pending>& batch, const Error& error) {
  spdlog::error("store: a write batch of {} jobs failed: {}", batch.size(), error.message);
  counters_.batches_failed.fetch_add(1);
  counters_.jobs_failed.fetch_add(static_cast<int64_t>(batch.size()));
  for (Pending& pending : batch) {
    Complete(std::move(pending.done), std::unexpected(Unavailable(error)));
  }
}

void Writer::PruneIfDue() {
  if (counters_.commits.load() % kPruneEvery != 0) return;
  if (Status pruned = PruneChanges(connection_, kKeepChanges); !pruned) {
    spdlog::warn("store: {}", pruned.error().message);
  }
}

void Writer::Notify(const std::vector<std::string>& tags) {
  std::shared_ptr<const Listener> listener;
  {
    util::MutexLock lock(mutex_);
    listener = listener_;
  }
  if (listener && *listener) (*listener)(tags);
}

}  // namespace quire::store::sqlite
