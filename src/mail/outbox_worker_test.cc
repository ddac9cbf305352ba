#include "mail/outbox_worker.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mail/outbox.h"
#include "store/outbox.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace quire::mail {
namespace {

class FakeClock final : public util::Clock {
 public:
  int64_t Now() const override { return now; }
  int64_t now = 1'000'000;
};

class FakeTransport final : public Transport {
 public:
  Status Send(const SmtpConfig& config, const std::string& from, const std::string& to,
              const std::string& data) override {
    hosts.push_back(config.host);
    if (fail) return Fail(ErrorKind::kUnavailable, "connection refused");
    sent.push_back({from, to, data});
    return {};
  }
  struct Sent {
    std::string from, to, data;
  };
  std::vector<Sent> sent;
  std::vector<std::string> hosts;
  bool fail = false;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::OpenSqlite({dir_.path() / "quire.db"}));
    store::Settings settings;
    settings.smtp_host = "mail.example.com";
    settings.mail_from = "site@example.com";
    settings_.Set(settings);
  }

  OutboxWorker MakeWorker() {
    return OutboxWorker(
        *store_, settings_, [] { return std::string("https://example.com"); }, clock_, transport_);
  }

  void QueueOne(std::string to = "reader@example.org") {
    Message message{to, "Subject", "Body", {}, "test"};
    ASSERT_TRUE(store_->WriteSync(
        [&](store::Transaction& tx) { return QueueAt(tx, message, clock_.now); }));
  }

  store::OutboxMessage Only() {
    auto all = store::ListOutboxMessages(*store_, 10);
    EXPECT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 1u);
    return all->at(0);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::SettingsHolder settings_;
  FakeClock clock_;
  FakeTransport transport_;
};

TEST(RetryDelayTest, DoublesFromOneMinuteUpToAnHour) {
  WorkerOptions options;
  std::vector<int64_t> delays;
  for (int attempts = 1; attempts <= 9; ++attempts) delays.push_back(RetryDelay(attempts, options));
  EXPECT_EQ(delays, (std::vector<int64_t>{60, 120, 240, 480, 960, 1920, 3600, 3600, 3600}));
  EXPECT_EQ(RetryDelay(1000, options), 3600);
}

TEST_F(OutboxWorkerTest, SendsDueMessagesOnceAndRecordsThem) {
  QueueOne();
  OutboxWorker worker = MakeWorker();
  ASSERT_EQ(worker.SendDue().value(), 1);
  ASSERT_EQ(transport_.sent.size(), 1u);
  EXPECT_EQ(transport_.sent[0].from, "site@example.com");
  EXPECT_EQ(transport_.sent[0].to, "reader@example.org");
  EXPECT_NE(transport_.sent[0].data.find("Subject: Subject\r\n"), std::string::npos);
  EXPECT_EQ(transport_.hosts[0], "mail.example.com");
  store::OutboxMessage row = Only();
  EXPECT_EQ(row.sent_at, clock_.now);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(worker.SendDue().value(), 0);
  EXPECT_EQ(transport_.sent.size(), 1u);
}

TEST_F(OutboxWorkerTest, WithoutAnSmtpHostMessagesWait) {
  store::Settings settings = *settings_.Get();
  settings.smtp_host = "";
  settings_.Set(settings);
  QueueOne();
  OutboxWorker worker = MakeWorker();
  EXPECT_EQ(worker.SendDue().value(), 0);
  EXPECT_TRUE(transport_.hosts.empty());
  EXPECT_EQ(Only().attempts, 0);
}

TEST_F(OutboxWorkerTest, FailuresBackOffThenGiveUp) {
  QueueOne();
  transport_.fail = true;
  OutboxWorker worker = MakeWorker();
  WorkerOptions options;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    ASSERT_EQ(worker.SendDue().value(), 1) << attempt;
    store::OutboxMessage row = Only();
    EXPECT_EQ(row.attempts, attempt);
    EXPECT_EQ(row.last_error, "connection refused");
    if (attempt < options.max_attempts) {
      EXPECT_FALSE(row.failed_at.has_value());
      EXPECT_EQ(row.next_attempt_at, clock_.now + RetryDelay(attempt, options));
      clock_.now = row.next_attempt_at - 1;
      EXPECT_EQ(worker.SendDue().value(), 0) << "not due before its back-off";
      clock_.now = row.next_attempt_at;
    } else {
      EXPECT_EQ(row.failed_at, clock_.now);
    }
  }
  clock_.now += 100'000;
  EXPECT_EQ(worker.SendDue().value(), 0) << "a failed message is never tried again";
  EXPECT_TRUE(transport_.sent.empty());
}

TEST_F(OutboxWorkerTest, ARecoveredServerGetsTheWaitingMessage) {
  QueueOne();
  transport_.fail = true;
  OutboxWorker worker = MakeWorker();
  ASSERT_EQ(worker.SendDue().value(), 1);
  transport_.fail = false;
  clock_.now += 60;
  ASSERT_EQ(worker.SendDue().value(), 1);
  ASSERT_EQ(transport_.sent.size(), 1u);
  EXPECT_TRUE(Only().sent_at.has_value());
}

TEST_F(OutboxWorkerTest, AClaimIsALease) {
  QueueOne();
  auto claim = [&](int64_t now) {
    std::optional<store::OutboxMessage> claimed;
    EXPECT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto due = store::ClaimDueOutboxMessage(tx, now, now + 300);
      if (!due) return std::unexpected(due.error());
      claimed = *due;
      return {};
    }));
    return claimed;
  };
  auto first = claim(clock_.now);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->attempts, 1);
  EXPECT_FALSE(claim(clock_.now).has_value()) << "a second node must not take it";
  EXPECT_FALSE(claim(clock_.now + 299).has_value());
  auto again = claim(clock_.now + 300);  // the first claimer crashed: the lease has passed
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->attempts, 2);
}

TEST_F(OutboxWorkerTest, AQueuedMessageRollsBackWithItsTransaction) {
  Status status = store_->WriteSync([&](store::Transaction& tx) -> Status {
    if (auto s = QueueAt(tx, Message{"a@example.org", "S", "B", {}, "test"}, clock_.now); !s) {
      return s;
    }
    return Fail(ErrorKind::kConflict, "the comment failed");
  });
  EXPECT_FALSE(status);
  EXPECT_TRUE(store::ListOutboxMessages(*store_, 10)->empty());
}

TEST_F(OutboxWorkerTest, QueueRefusesWhatIsNotAnAddress) {
  Status status = store_->WriteSync([&](store::Transaction& tx) {
    return QueueAt(tx, Message{"a@example.org\r\nRCPT TO:<b@x>", "S", "B", {}, "t"}, 1);
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
}

TEST_F(OutboxWorkerTest, TheThreadSendsWhenWokenAndStopsCleanly) {
  OutboxWorker worker = MakeWorker();
  worker.Start();
  QueueOne();
  worker.Wake();
  for (int i = 0; i < 500 && !Only().sent_at; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker.Stop();
  worker.Stop();
  EXPECT_TRUE(Only().sent_at.has_value());
}

}  // namespace
}  // namespace quire::mail
