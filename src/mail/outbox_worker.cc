#include "mail/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "mail/message_format.h"
#include "store/outbox.h"

namespace quire::mail {

int64_t RetryDelay(int attempts, const WorkerOptions& options) {
  int64_t delay = options.retry_base_seconds;
  for (int i = 1; i < attempts && delay < options.retry_cap_seconds; ++i) delay *= 2;
  return std::min(delay, options.retry_cap_seconds);
}

OutboxWorker::OutboxWorker(store::Store& store, store::SettingsHolder& settings,
                           std::function<std::string()> home_url, const util::Clock& clock,
                           Transport& transport, WorkerOptions options)
    : store_(store),
      settings_(settings),
      home_url_(std::move(home_url)),
      clock_(clock),
      transport_(transport),
      options_(options) {}

OutboxWorker::~OutboxWorker() {
  Stop();
}

void OutboxWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Wake() {
  {
    util::MutexLock lock(mutex_);
    woken_ = true;
  }
  cv_.NotifyAll();
}

void OutboxWorker::Stop() {
  {
    util::MutexLock lock(mutex_);
    stopping_ = true;
  }
  cv_.NotifyAll();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Loop() {
  util::MutexLock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.Unlock();
    if (auto sent = SendDue(); !sent) {
      spdlog::warn("mail: cannot read the outbox: {}", sent.error().message);
    }
    lock.Lock();
    cv_.WaitFor(lock, options_.poll,
                [this]() QUIRE_REQUIRES(mutex_) { return stopping_ || woken_; });
  }
}

Result<int> OutboxWorker::SendDue() {
  std::shared_ptr<const store::Settings> settings = settings_.Get();
  SmtpConfig config = SmtpConfig::From(*settings);
  if (config.host.empty()) return 0;
  Sender sender = SenderFor(*settings, home_url_ ? home_url_() : std::string());
  int tried = 0;
  for (;;) {
    {
      util::MutexLock lock(mutex_);
      if (stopping_) return tried;
    }
    Result<bool> one = SendOne(config, sender);
    if (!one) return std::unexpected(std::move(one.error()));
    if (!*one) return tried;
    ++tried;
  }
}

Result<bool> OutboxWorker::SendOne(const SmtpConfig& config, const Sender& sender) {
  int64_t now = clock_.Now();
  std::optional<store::OutboxMessage> claimed;
  Status status = store_.WriteSync([&](store::Transaction& tx) -> Status {
    auto due = store::ClaimDueOutboxMessage(tx, now, now + options_.lease_seconds);
    if (!due) return std::unexpected(std::move(due.error()));
    claimed = std::move(*due);
    return {};
  });
  if (!status) return std::unexpected(std::move(status.error()));
  if (!claimed) return false;

  Status sent = transport_.Send(config, sender.address, claimed->to,
                                FormatMessage(*claimed, sender, clock_.Now()));
  int64_t after = clock_.Now();
  std::optional<int64_t> retry_at;
  if (!sent) {
    bool give_up = claimed->attempts >= options_.max_attempts;
    if (!give_up) retry_at = after + RetryDelay(claimed->attempts, options_);
    spdlog::warn("mail: message {} failed (attempt {}{}): {}", claimed->id, claimed->attempts,
                 give_up ? ", giving up" : "", sent.error().message);
  }
  Status recorded = store_.WriteSync([&](store::Transaction& tx) -> Status {
    if (sent) return store::MarkOutboxSent(tx, claimed->id, after);
    return store::MarkOutboxAttemptFailed(tx, claimed->id, sent.error().message, retry_at, after);
  });
  if (!recorded) return std::unexpected(std::move(recorded.error()));
  return true;
}

}  // namespace quire::mail
