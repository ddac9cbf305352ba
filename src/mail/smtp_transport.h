// Handing a formatted message to an SMTP server, through libcurl. The worker and
// `quire mail test` both send through a Transport; tests give the worker a fake one.
#pragma once

#include <string>
#include <string_view>

#include "mail/message_format.h"
#include "store/settings.h"
#include "util/status.h"

namespace quire::mail {

// Where and how to connect; from the settings smtp_host, smtp_port, smtp_security, smtp_user
// and smtp_password.
struct SmtpConfig {
  std::string host;  // empty: not configured (messages wait in the outbox)
  int port = 587;
  std::string security = "starttls";  // "starttls" (required), "tls" (smtps://) or "none"
  std::string user;                   // empty: no authentication
  std::string password;

  static SmtpConfig From(const store::Settings& settings);
};

// The From address and name for a site: the mail_from setting, else "quire@" + the host of the
// home URL (quire@localhost when that host is an IP address or missing); the name is the title.
Sender SenderFor(const store::Settings& settings, std::string_view home_url);

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one message (`data` as FormatMessage made it) from `from` to `to`. Blocks until the
  // server answered or a timeout passed; the error's message says what went wrong in one line.
  // kUnavailable: worth trying again later; kInvalid: the configuration is wrong.
  virtual Status Send(const SmtpConfig& config, const std::string& from, const std::string& to,
                      const std::string& data) = 0;
};

// libcurl's SMTP: smtp:// (with STARTTLS required unless security is "none") or smtps://.
// Connects within 15 s; the whole exchange within 60 s. Thread-safe (one handle per Send).
class SmtpTransport final : public Transport {
 public:
  SmtpTransport();
  Status Send(const SmtpConfig& config, const std::string& from, const std::string& to,
              const std::string& data) override;
};

}  // namespace quire::mail
