// The background sender: polls the outbox (every second, or at once when woken after a commit
// that queued mail), claims each due message, sends it through a Transport and records the
// outcome. A failed attempt is retried after an exponential back-off (1 min, 2, 4, ... capped
// at 1 h); after kMaxAttempts the message is marked failed. With smtp_host empty nothing is
// sent: messages wait.
//
// Claiming takes a lease (next_attempt_at pushed kLeaseSeconds ahead) in the same write that
// counts the attempt, so two nodes never send one message at the same time, and a node that
// crashed between sending and recording lets it be sent once more only after the lease.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mail/smtp_transport.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/mutex.h"
#include "util/status.h"

namespace quire::mail {

struct WorkerOptions {
  int64_t retry_base_seconds = 60;   // the delay after the first failure; doubled each time
  int64_t retry_cap_seconds = 3600;  // the longest delay
  int max_attempts = 10;             // then the message is marked failed
  int64_t lease_seconds = 300;       // longer than a send can take (SmtpTransport: 60 s)
  std::chrono::milliseconds poll{1000};
};

// The delay before the next try after `attempts` failed ones (>= 1): base * 2^(attempts-1),
// at most the cap.
int64_t RetryDelay(int attempts, const WorkerOptions& options);

class OutboxWorker {
 public:
  // home_url: called for each pass (the From address follows the home URL).
  OutboxWorker(store::Store& store, store::SettingsHolder& settings,
               std::function<std::string()> home_url, const util::Clock& clock,
               Transport& transport, WorkerOptions options = {});
  ~OutboxWorker();  // Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Starts the thread.
  void Start();
  // Makes the thread look at the outbox now (e.g. after a commit tagged "mail").
  void Wake();
  // Lets the message being sent finish and be recorded, then stops the thread. Idempotent.
  void Stop();

  // One pass on the calling thread: claims and sends due messages until none is due (or Stop
  // was called). Returns how many were tried. Errors of the store end the pass.
  Result<int> SendDue();

 private:
  // Claims one due message and tries it; false when none was due.
  Result<bool> SendOne(const SmtpConfig& config, const Sender& sender);
  void Loop();

  store::Store& store_;
  store::SettingsHolder& settings_;
  std::function<std::string()> home_url_;
  const util::Clock& clock_;
  Transport& transport_;
  WorkerOptions options_;

  util::Mutex mutex_;
  util::CondVar cv_;
  bool woken_ QUIRE_GUARDED_BY(mutex_) = false;
  bool stopping_ QUIRE_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace quire::mail
