#include "mail/message_format.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "util/strings.h"

namespace quire::mail {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(text.substr(start, end - start));
  }
  lines.push_back(text.substr(start));
  return lines;
}

std::string HeadersOf(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

std::string DecodeWords(const std::string& encoded) {
  std::string out;
  size_t at = 0;
  while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
    size_t end = encoded.find("?=", at + 10);
    std::string b64 = encoded.substr(at + 10, end - at - 10);
    std::string bin(b64.size(), '\0');
    size_t len = 0;
    EXPECT_EQ(
        sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.data(),
                          b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
        0);
    bin.resize(len);
    EXPECT_TRUE(util::IsValidUtf8(bin)) << "a word splits a UTF-8 sequence: " << b64;
    out += bin;
    at = end + 2;
  }
  return out;
}

store::OutboxMessage Sample() {
  store::OutboxMessage m;
  m.id = 7;
  m.created_at = 1714558830;
  m.to = "reader@example.org";
  m.subject = "Hello";
  m.body = "Line one\nLine two\n";
  return m;
}

TEST(MessageFormatTest, WritesTheHeadersAndTheBody) {
  std::string text = FormatMessage(Sample(), {"quire@example.com", "My Site"}, 1714558830);
  std::string headers = HeadersOf(text);
  EXPECT_NE(headers.find("Date: Wed, 01 May 2024 10:20:30 +0000\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <quire.7.1714558830@example.com>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("From: \"My Site\" <quire@example.com>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("To: <reader@example.org>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Subject: Hello\r\n"), std::string::npos);
  EXPECT_NE(headers.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nLine one\r\nLine two\r\n"), std::string::npos);
  for (const std::string& line : Lines(text)) EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(MessageFormatTest, HeaderInjectionIsImpossible) {
  store::OutboxMessage m = Sample();
  m.subject = "Hi\r\nBcc: victim@example.com\r\n\r\nbody";
  m.headers = {{"List-Unsubscribe", "<https://x/u>\r\nBcc: other@example.com"},
               {"Bcc", "hidden@example.com"},
               {"X-Bad Name", "v"},
               {"X-Ok", "fine\nstill one line"}};
  std::string headers = HeadersOf(FormatMessage(m, {"quire@example.com", "Site\r\nBcc: x@y"}, 0));
  for (const std::string& line : Lines(headers)) {
    EXPECT_FALSE(util::StartsWith(util::ToLower(line), "bcc:")) << line;
  }
  EXPECT_EQ(headers.find("hidden@example.com"), std::string::npos);
  EXPECT_EQ(headers.find("X-Bad Name"), std::string::npos);
  EXPECT_NE(headers.find("X-Ok: fine still one line\r\n"), std::string::npos);
  EXPECT_NE(headers.find("List-Unsubscribe: <https://x/u>  Bcc: other@example.com\r\n"),
            std::string::npos);
}

TEST(MessageFormatTest, NonAsciiSubjectsBecomeEncodedWords) {
  std::string subject =
      "Nouvelle réponse à «Été» — ünïcödé 日本語のタイトルです、とても長いタイトル";
  std::string encoded = EncodeHeaderText(subject);
  EXPECT_TRUE(util::StartsWith(encoded, "=?UTF-8?B?"));
  for (const std::string& line : Lines(encoded)) {
    std::string_view word = util::Trim(line);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(util::StartsWith(word, "=?UTF-8?B?") && word.ends_with("?=")) << word;
  }
  EXPECT_GT(Lines(encoded).size(), 1u);
  EXPECT_EQ(DecodeWords(encoded), subject);
  EXPECT_EQ(EncodeHeaderText("Plain ASCII"), "Plain ASCII");
  EXPECT_EQ(EncodeHeaderText("Tab\tand\r\nnewline"), "Tabandnewline");
}

TEST(MessageFormatTest, QuotedPrintableKeepsLinesShortAndDotsSafe) {
  std::string long_line(200, 'a');
  std::string qp = QuotedPrintable(long_line + "\n.starts with a dot\nx = 1 \ncafé");
  std::vector<std::string> lines = Lines(qp);
  for (const std::string& line : lines) EXPECT_LE(line.size(), 76u) << line;
  std::string joined;
  for (const std::string& line : lines) {
    joined += line.ends_with("=") ? line.substr(0, line.size() - 1) : line + "\n";
  }
  EXPECT_NE(joined.find(long_line + "\n"), std::string::npos);
  EXPECT_NE(qp.find("\r\n=2Estarts with a dot\r\n"), std::string::npos);
  EXPECT_NE(qp.find("x =3D 1=20\r\n"), std::string::npos);
  EXPECT_NE(qp.find("caf=C3=A9"), std::string::npos);
}

TEST(MessageFormatTest, QuotedPrintableNeverSplitsAnEscape) {
  std::string text(80, '=');
  for (const std::string& line : Lines(QuotedPrintable(text))) {
    std::string body =
        line.ends_with("=") && line.size() % 3 == 1 ? line.substr(0, line.size() - 1) : line;
    EXPECT_EQ(body.size() % 3, 0u) << line;
  }
}

TEST(MessageFormatTest, SafeAddresses) {
  EXPECT_TRUE(IsSafeAddress("a@example.com"));
  EXPECT_TRUE(IsSafeAddress("quire@localhost"));
  EXPECT_FALSE(IsSafeAddress(""));
  EXPECT_FALSE(IsSafeAddress("no-at-sign"));
  EXPECT_FALSE(IsSafeAddress("@example.com"));
  EXPECT_FALSE(IsSafeAddress("a@"));
  EXPECT_FALSE(IsSafeAddress("a@example.com\r\nRCPT TO:<b@example.com>"));
  EXPECT_FALSE(IsSafeAddress("a b@example.com"));
  EXPECT_FALSE(IsSafeAddress("<a@example.com>"));
  EXPECT_FALSE(IsSafeAddress("a@example.com,b@example.com"));
  EXPECT_EQ(DomainOf("a@example.com"), "example.com");
  EXPECT_EQ(DomainOf("nothing"), "localhost");
}

}  // namespace
}  // namespace quire::mail
