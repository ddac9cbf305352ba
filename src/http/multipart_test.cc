#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace quire::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=XyZ";

std::string Body(std::initializer_list<std::string> parts) {
  std::string body;
  for (const std::string& part : parts) body += "--XyZ\r\n" + part + "\r\n";
  return body + "--XyZ--\r\n";
}

TEST(Multipart, Boundary) {
  EXPECT_EQ(Multipart::Boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(Multipart::Boundary("Multipart/Form-Data;boundary=\"a b;c\""), "a b;c");
  EXPECT_EQ(Multipart::Boundary("multipart/form-data; charset=utf-8; BOUNDARY=q"), "q");
  EXPECT_FALSE(Multipart::Boundary("application/x-www-form-urlencoded"));
  EXPECT_FALSE(Multipart::Boundary("multipart/form-data"));
  EXPECT_FALSE(Multipart::Boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(Multipart::Boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
}

TEST(Multipart, FieldsAndFiles) {
  std::string body = Body({
      "Content-Disposition: form-data; name=\"_wpnonce\"\r\n\r\ntoken123",
      "Content-Disposition: form-data; name=\"file\"; filename=\"cat photo.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
          std::string("\xff\xd8\xff\x00\r\nbinary", 12),
  });
  auto form = Multipart::Parse(kType, body);
  ASSERT_TRUE(form) << form.error().message;
  ASSERT_EQ(form->parts().size(), 2u);
  EXPECT_EQ(form->GetOr("_wpnonce"), "token123");
  const MultipartPart* file = form->Find("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "cat photo.jpg");
  EXPECT_EQ(file->content_type, "image/jpeg");
  EXPECT_EQ(file->data, std::string_view("\xff\xd8\xff\x00\r\nbinary", 12));
  EXPECT_EQ(form->GetOr("file", "none"), "none");  // a file is not a plain field
  EXPECT_EQ(form->parts()[0].content_type, "text/plain");
  EXPECT_EQ(form->Fields().GetOr("_wpnonce"), "token123");
  EXPECT_FALSE(form->Fields().Has("file"));
}

TEST(Multipart, QuotedNamesWithEscapesAndSemicolons) {
  std::string body = Body({
      "content-disposition: form-data; name=\"a;b\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\nx",
      "Content-Disposition: form-data; name=plain\r\n\r\ny",
      "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"; "
      "filename*=UTF-8''%C3%A9t%C3%A9+1.txt\r\n\r\nz",
  });
  auto form = Multipart::Parse(kType, body);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(form->parts()[0].name, "a;b");
  EXPECT_EQ(form->parts()[0].filename, "say \"hi\".txt");
  EXPECT_EQ(form->GetOr("plain"), "y");
  EXPECT_EQ(form->Find("f")->filename, "\xc3\xa9t\xc3\xa9+1.txt");
}

TEST(Multipart, CrlfEdgeCases) {
  // Content ending in CRLF keeps it; a line starting "--XyZ" inside content that is not a
  // delimiter (no CRLF before it) stays content; an empty part; no preamble CRLF.
  std::string body = Body({
      "Content-Disposition: form-data; name=\"a\"\r\n\r\nline\r\n",
      "Content-Disposition: form-data; name=\"b\"\r\n\r\nx--XyZ y\r\r\n\n",
      "Content-Disposition: form-data; name=\"c\"\r\n\r\n",
  });
  auto form = Multipart::Parse(kType, body);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(form->GetOr("a"), "line\r\n");
  EXPECT_EQ(form->GetOr("b"), "x--XyZ y\r\r\n\n");
  EXPECT_EQ(form->GetOr("c", "absent"), "");
}

TEST(Multipart, PreambleEpilogueAndTransportPadding) {
  std::string body =
      "preamble text\r\n--XyZ  \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
      "--XyZ--\r\nepilogue";
  auto form = Multipart::Parse(kType, body);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(form->GetOr("a"), "1");
}

TEST(Multipart, PartWithoutHeadersIsRefused) {
  auto form = Multipart::Parse(kType, "--XyZ\r\n\r\nno headers\r\n--XyZ--");
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().kind, ErrorKind::kInvalid);
}

TEST(Multipart, MalformedBodies) {
  const std::string_view disposition = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
  for (const std::string& body : std::vector<std::string>{
           "no boundary at all",
           "--XyZ\r\n" + std::string(disposition) + "truncated, no closing boundary",
           "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nno blank line",
           "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--",
           "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
           "--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--",
           "--XyZjunk\r\n" + std::string(disposition) + "x\r\n--XyZ--",
           "--XyZ\n" + std::string(disposition) + "x\r\n--XyZ--",  // bare LF
       }) {
    auto form = Multipart::Parse(kType, body);
    ASSERT_FALSE(form) << body;
    EXPECT_EQ(form.error().kind, ErrorKind::kInvalid) << body;
  }
  EXPECT_FALSE(Multipart::Parse("text/plain", Body({})));
}

TEST(Multipart, Limits) {
  MultipartLimits limits{.max_parts = 2, .max_header_bytes = 80, .max_field_bytes = 4};
  std::string field = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
  EXPECT_TRUE(Multipart::Parse(kType, Body({field + "1234", field + "x"}), limits));

  auto too_many = Multipart::Parse(kType, Body({field + "1", field + "2", field + "3"}), limits);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().kind, ErrorKind::kTooLarge);

  auto long_field = Multipart::Parse(kType, Body({field + "12345"}), limits);
  ASSERT_FALSE(long_field);
  EXPECT_EQ(long_field.error().kind, ErrorKind::kTooLarge);

  // A file may be larger than max_field_bytes.
  std::string file = "Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n";
  EXPECT_TRUE(Multipart::Parse(kType, Body({file + "123456789"}), limits));

  std::string long_header =
      "Content-Disposition: form-data; name=\"" + std::string(80, 'n') + "\"\r\n\r\nx";
  auto headers = Multipart::Parse(kType, Body({long_header}), limits);
  ASSERT_FALSE(headers);
  EXPECT_EQ(headers.error().kind, ErrorKind::kTooLarge);
}

}  // namespace
}  // namespace quire::http
