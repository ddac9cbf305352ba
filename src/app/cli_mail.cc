#include "app/cli_mail.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/cli_support.h"
#include "app/engine.h"
#include "mail/message_format.h"
#include "mail/smtp_transport.h"
#include "store/outbox.h"

namespace quire::app {
namespace {

struct MailArgs {
  std::string data_dir{kDefaultDataDir};
  std::string to;
};

void AddTest(CLI::App& mail) {
  auto args = std::make_shared<MailArgs>();
  auto* cmd = mail.add_subcommand("test", "Send a test email now and print the outcome");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("TO", args->to, "The address to send it to")->required();
  cmd->callback([args] {
    if (!mail::IsSafeAddress(args->to)) Die("'" + args->to + "' is not an email address");
    auto engine = OpenEngine(args->data_dir);
    const store::Settings& settings = engine->settings();
    mail::SmtpConfig config = mail::SmtpConfig::From(settings);
    if (config.host.empty()) Die("smtp_host is not set (quire settings set smtp_host HOST)");
    mail::Sender sender = mail::SenderFor(settings, engine->HomeUrl());
    store::OutboxMessage message;
    message.created_at = engine->clock().Now();
    message.to = args->to;
    message.kind = "test";
    message.subject = "Test email from " + settings.title;
    message.body = "This is a test email from " + settings.title + " (" + engine->HomeUrl() +
                   ").\nIf you can read it, Quire can send email.\n";
    mail::SmtpTransport transport;
    Status sent = transport.Send(config, sender.address, args->to,
                                 mail::FormatMessage(message, sender, message.created_at));
    if (!sent) Die("the test email was not sent: " + sent.error().message);
    std::printf("Sent a test email to %s through %s:%d.\n", args->to.c_str(), config.host.c_str(),
                config.port);
  });
}

std::string_view StateOf(const store::OutboxMessage& m) {
  if (m.sent_at) return "sent";
  if (m.failed_at) return "failed";
  return "queued";
}

void AddOutbox(CLI::App& mail) {
  auto args = std::make_shared<MailArgs>();
  auto* cmd = mail.add_subcommand(
      "outbox", "List queued and sent email: ID<TAB>STATE<TAB>ATTEMPTS<TAB>KIND<TAB>TO<TAB>ERROR");
  AddDataOption(*cmd, args->data_dir);
  cmd->callback([args] {
    auto engine = OpenEngine(args->data_dir);
    for (const store::OutboxMessage& m : Check(store::ListOutboxMessages(engine->store(), 1000))) {
      std::string_view state = StateOf(m);
      std::printf("%lld\t%.*s\t%d\t%s\t%s\t%s\n", static_cast<long long>(m.id),
                  static_cast<int>(state.size()), state.data(), m.attempts, m.kind.c_str(),
                  m.to.c_str(), m.last_error.c_str());
    }
  });
}

}  // namespace

void AddMailCommands(CLI::App& app) {
  auto* mail = app.add_subcommand("mail", "Email: send a test, look at the outbox");
  mail->require_subcommand(1);
  AddTest(*mail);
  AddOutbox(*mail);
}

}  // namespace quire::app
