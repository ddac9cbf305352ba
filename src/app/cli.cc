#include "app/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>

#include "app/cli_mail.h"
#include "app/cli_post_terms.h"
#include "app/cli_privacy.h"
#include "app/cli_spam.h"
#include "app/cli_support.h"
#include "app/cli_users.h"
#include "app/cli_wxr.h"
#include "app/engine.h"
#include "comments/spam/filter.h"
#include "comments/submission.h"
#include "content/permalink.h"
#include "content/site_zone.h"
#include "mail/notifications.h"
#include "site/list_page.h"
#include "store/moderation.h"
#include "store/publishing.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::app {
namespace {

// A post body read from a file or stdin may be this large at most.
constexpr size_t kMaxPostBytes = 16u << 20;

std::string ReadBody(const std::string& source) {
  std::string body;
  if (source == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) Die("cannot read " + source + ": no such file or not readable");
    body.assign(std::istreambuf_iterator<char>(in), {});
  }
  if (body.size() > kMaxPostBytes) Die("the post body is larger than 16 MiB");
  if (!util::IsValidUtf8(body)) Die("the post body is not valid UTF-8");
  return body;
}

// --- serve ---------------------------------------------------------------------------------

struct ServeArgs {
  std::string data_dir{kDefaultDataDir};
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  int mail_retry_seconds = 60;
  size_t max_connections = 0;
  size_t body_memory_mb = kDefaultBodyMemoryMb;
  int change_poll_ms = ServeOptions{}.change_poll_ms;
  std::string access_log;
  int read_timeout = ServeOptions{}.read_timeout_seconds;
  int64_t upload_megapixels = ServeOptions{}.upload_megapixels;
};

void ParseListen(const std::string& listen, ServeOptions& options) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) Die("--listen takes ADDR:PORT, e.g. 127.0.0.1:8080");
  std::string address = listen.substr(0, colon);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  auto port = util::ParseInt(std::string_view(listen).substr(colon + 1));
  if (address.empty() || !port || *port < 0 || *port > 65535) {
    Die("--listen takes ADDR:PORT with a port from 0 to 65535, got '" + listen + "'");
  }
  options.address = address;
  options.port = static_cast<uint16_t>(*port);
}

void AddServe(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Serve the site over HTTP (initialises an empty DIR)");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("--listen", args->listen, "ADDR:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Server threads (0: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--mail-retry-seconds", args->mail_retry_seconds,
                  "Wait before retrying a failed email, doubled each time (at most an hour)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections", args->max_connections,
                  "Open connections at most; past it the oldest idle ones are closed (0: the "
                  "descriptor limit less a reserve)")
      ->check(CLI::Range(size_t{0}, size_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--body-memory-mb", args->body_memory_mb,
                  "Memory for request bodies being read at once, all connections together (MiB); "
                  "a body that would pass it gets 503 before it is read")
      ->check(CLI::Range(size_t{1}, size_t{1'048'576}))
      ->capture_default_str();
  cmd->add_option("--change-poll-ms", args->change_poll_ms,
                  "How often to look for changes made by other processes (the CLI), in ms")
      ->check(CLI::Range(10, 60'000))
      ->capture_default_str();
  cmd->add_option("--access-log", args->access_log,
                  "Where the access log goes: a file to append to, or 'off' (default: stdout)");
  cmd->add_option("--read-timeout", args->read_timeout,
                  "Seconds a client may send nothing: a request head must arrive within it, and "
                  "a body must grow by 16 KiB in each such interval (408 otherwise)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--upload-megapixels", args->upload_megapixels,
                  "Image pixels one address may upload per ten minutes, in millions (each is "
                  "decoded once; past it, 429 until the budget refills)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}))
      ->capture_default_str();
  cmd->callback([args] {
    ServeOptions options;
    ParseListen(args->listen, options);
    options.access_log = args->access_log;
    options.threads = args->threads;
    options.max_connections = args->max_connections;
    options.body_memory_mb = args->body_memory_mb;
    options.mail_retry_seconds = args->mail_retry_seconds;
    options.change_poll_ms = args->change_poll_ms;
    options.read_timeout_seconds = args->read_timeout;
    options.upload_megapixels = args->upload_megapixels;
    auto engine = OpenEngine(args->data_dir, OpenMode::kCreate);
    int code = engine->Serve(options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

// --- init ----------------------------------------------------------------------------------

void AddInit(CLI::App& app) {
  auto data_dir = std::make_shared<std::string>(kDefaultDataDir);
  auto* cmd = app.add_subcommand("init", "Create a new, empty site (serve and import do too)");
  AddDataOption(*cmd, *data_dir);
  cmd->callback([data_dir] {
    if (Engine::IsSite(*data_dir)) {
      std::printf("%s is already a Quire site; nothing changed.\n", data_dir->c_str());
      return;
    }
    OpenEngine(*data_dir, OpenMode::kCreate);
    std::printf("Created a new Quire site at %s\n", data_dir->c_str());
  });
}

// --- post ----------------------------------------------------------------------------------

struct PostAddArgs {
  std::string data_dir{kDefaultDataDir};
  std::string title, slug, date, status = "publish", format = "markdown", source;
  std::string type = "post", author, excerpt;
  int64_t parent = 0, menu_order = 0;
  bool sticky = false;
  std::vector<std::string> categories, tags;
};

void AddPost(CLI::App& app) {
  auto* post = app.add_subcommand("post", "Manage posts");
  post->require_subcommand(1);
  auto args = std::make_shared<PostAddArgs>();
  auto* add = post->add_subcommand("add", "Add a post; prints its URL");
  AddDataOption(*add, args->data_dir);
  add->add_option("--title", args->title, "Title")->required();
  add->add_option("--slug", args->slug, "Slug (default: from the title)");
  add->add_option("--date", args->date, "Publication date, ISO-8601 (default: now)");
  add->add_option("--status", args->status, "publish, draft, pending, future or private")
      ->check(CLI::IsMember({"publish", "draft", "pending", "future", "private"}))
      ->capture_default_str();
  add->add_option("--type", args->type, "post or page")
      ->check(CLI::IsMember({"post", "page"}))
      ->capture_default_str();
  add->add_option("--parent", args->parent, "Pages: the parent page's ID");
  add->add_option("--menu-order", args->menu_order, "Pages: order among siblings");
  add->add_option("--author", args->author, "The author's login");
  add->add_option("--excerpt", args->excerpt, "A written excerpt");
  add->add_flag("--sticky", args->sticky, "Posts: list it first on the front page");
  add->add_option("--category", args->categories, "A category (Parent/Child nests); repeatable");
  add->add_option("--tag", args->tags, "A tag; repeatable");
  add->add_option("--format", args->format, "markdown, html or text")
      ->check(CLI::IsMember({"markdown", "html", "text"}))
      ->capture_default_str();
  add->add_option("FILE", args->source, "The body: a file, or - for stdin")->required();
  add->callback([args] {
    store::Post post;
    post.title = std::string(util::Trim(args->title));
    if (post.title.empty()) Die("--title must not be empty");
    if (!util::IsValidUtf8(post.title)) Die("--title is not valid UTF-8");
    post.status = *store::ParsePostStatus(args->status);
    post.format = *store::ParsePostFormat(args->format);
    post.type = *store::ParsePostType(args->type);
    post.parent_id = args->parent;
    post.menu_order = args->menu_order;
    post.sticky = args->sticky;
    post.excerpt = args->excerpt;
    std::string base_slug = content::Slugify(args->slug.empty() ? post.title : args->slug);
    auto engine = OpenEngine(args->data_dir);
    post.published_at = engine->clock().Now();
    if (!args->date.empty()) {
      auto when = util::ParseIso8601(args->date);
      if (!when) Die("--date '" + args->date + "' is not an ISO-8601 date like 2024-05-01T10:00Z");
      post.published_at = *when;
    }
    post.modified_at = engine->clock().Now();
    post.body = ReadBody(args->source);
    if (!args->author.empty()) {
      auto author = Check(engine->store().FindUserByLogin(args->author));
      if (!author) Die("no user with the login '" + args->author + "'");
      post.author_id = author->id;
    }
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      post.slug = base_slug;
      for (int n = 2;; ++n) {  // unique slugs: hello, hello-2, hello-3 ...
        auto exists = tx.SlugExists(post.slug);
        if (!exists) return std::unexpected(exists.error());
        if (!*exists) break;
        post.slug = base_slug + "-" + std::to_string(n);
      }
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post.id = *id;
      if (auto status = AssignTerms(engine->store(), tx, post.id, args->categories, args->tags);
          !status) {
        return status;
      }
      return store::RecordItemChange(tx, post.id);
    }));
    std::printf("%s%s\n", engine->HomeUrl().c_str(),
                Check(site::ItemPath(engine->store(), post, engine->settings())).c_str());
  });
}

// --- comment -------------------------------------------------------------------------------

struct CommentArgs {
  std::string data_dir{kDefaultDataDir};
  int64_t id = 0;
};

void AddCommentAction(CLI::App& parent, const std::string& name, store::CommentStatus status,
                      const std::string& help) {
  auto args = std::make_shared<CommentArgs>();
  auto* cmd = parent.add_subcommand(name, help);
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("ID", args->id, "The comment's number (as in #comment-ID)")->required();
  cmd->callback([args, status, name] {
    auto engine = OpenEngine(args->data_dir);
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      auto comment = tx.FindComment(args->id);
      if (!comment) return std::unexpected(comment.error());
      if (!*comment)
        return Fail(ErrorKind::kNotFound, "no comment with id " + std::to_string(args->id));
      if (auto s = tx.SetCommentStatus(args->id, status, "by the command line: " + name); !s) {
        return s;
      }
      if (auto s = comments::spam::LearnFromModeration(tx, **comment, status); !s) return s;
      if (auto s = store::RecordCommentChange(tx, (*comment)->post_id); !s) return s;
      if (status != store::CommentStatus::kApproved ||
          (*comment)->status == store::CommentStatus::kApproved) {
        return {};
      }
      store::Comment approved = **comment;  // newly approved: the emails it causes
      approved.status = status;
      return mail::OnCommentApproved(tx, approved, engine->settings(), engine->HomeUrl());
    }));
    std::printf("Comment %lld is now %s.\n", static_cast<long long>(args->id),
                name == "approve"     ? "approved"
                : name == "unapprove" ? "pending"
                                      : name.c_str());
  });
}

struct CommentListArgs {
  std::string data_dir{kDefaultDataDir};
  std::string status;
  int limit = 100;
};

void AddCommentList(CLI::App& parent) {
  auto args = std::make_shared<CommentListArgs>();
  auto* cmd = parent.add_subcommand(
      "list", "List comments, newest first: ID<TAB>STATUS<TAB>POST_ID<TAB>AUTHOR<TAB>REASON");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("--status", args->status, "pending, approved, spam or trash (default: all)")
      ->check(CLI::IsMember({"pending", "approved", "spam", "trash"}));
  cmd->add_option("--limit", args->limit, "How many at most")->check(CLI::Range(1, 100000));
  cmd->callback([args] {
    std::optional<store::CommentStatus> status;
    if (!args->status.empty()) status = store::ParseCommentStatus(args->status);
    auto engine = OpenEngine(args->data_dir);
    for (const store::Comment& c :
         Check(engine->store().ListCommentsByStatus(status, 0, args->limit))) {
      std::string_view shown = c.status == store::CommentStatus::kApproved ? "approved"
                               : c.status == store::CommentStatus::kPending
                                   ? "pending"
                                   : store::ToString(c.status);
      std::printf("%lld\t%.*s\t%lld\t%s\t%s\n", static_cast<long long>(c.id),
                  static_cast<int>(shown.size()), shown.data(), static_cast<long long>(c.post_id),
                  c.author.c_str(), c.reason.c_str());
    }
  });
}

void AddComment(CLI::App& app) {
  auto* comment = app.add_subcommand("comment", "Moderate comments");
  comment->require_subcommand(1);
  AddCommentList(*comment);
  AddCommentAction(*comment, "approve", store::CommentStatus::kApproved, "Approve a comment");
  AddCommentAction(*comment, "unapprove", store::CommentStatus::kPending,
                   "Return a comment to moderation");
  AddCommentAction(*comment, "spam", store::CommentStatus::kSpam, "Mark a comment as spam");
  AddCommentAction(*comment, "trash", store::CommentStatus::kTrash, "Move a comment to the trash");
}

// --- settings ------------------------------------------------------------------------------

struct SettingsArgs {
  std::string data_dir{kDefaultDataDir};
  std::string key, value;
};

// What `settings list` and `get` print: a secret value only as whether it is set.
std::string Shown(const std::string& key, const std::string& value) {
  if (key == "smtp_password" && !value.empty()) return "(set, not shown)";
  return value;
}

void RequireKnownKey(const std::string& key) {
  auto known = store::Settings().ToMap();
  if (key == "secret") Die("the secret cannot be read or set from the command line");
  if (!known.contains(key)) {
    std::string names;
    for (const auto& [name, value] : known) {
      if (name != "secret") names += (names.empty() ? "" : ", ") + name;
    }
    Die("unknown setting '" + key + "'; known: " + names);
  }
}

void AddSettings(CLI::App& app) {
  auto* settings = app.add_subcommand("settings", "Read and change the site's settings");
  settings->require_subcommand(1);

  auto list_args = std::make_shared<SettingsArgs>();
  auto* list = settings->add_subcommand("list", "Print every setting as KEY<TAB>VALUE");
  AddDataOption(*list, list_args->data_dir);
  list->callback([list_args] {
    auto engine = OpenEngine(list_args->data_dir);
    for (const auto& [key, value] : engine->settings().ToMap()) {
      if (key == "secret") continue;
      std::string shown = Shown(key, value);
      for (char& c : shown) {
        if (c == '\n') c = ' ';
      }
      std::printf("%s\t%s\n", key.c_str(), shown.c_str());
    }
  });

  auto get_args = std::make_shared<SettingsArgs>();
  auto* get = settings->add_subcommand("get", "Print one setting's value");
  AddDataOption(*get, get_args->data_dir);
  get->add_option("KEY", get_args->key, "Setting name")->required();
  get->callback([get_args] {
    RequireKnownKey(get_args->key);
    auto engine = OpenEngine(get_args->data_dir);
    std::printf("%s\n", Shown(get_args->key, engine->settings().ToMap().at(get_args->key)).c_str());
  });

  auto set_args = std::make_shared<SettingsArgs>();
  auto* set = settings->add_subcommand("set", "Change a setting (a running server follows)");
  AddDataOption(*set, set_args->data_dir);
  set->add_option("KEY", set_args->key, "Setting name")->required();
  set->add_option("VALUE", set_args->value, "New value")->required();
  set->callback([set_args] {
    RequireKnownKey(set_args->key);
    const std::string& key = set_args->key;
    const std::string& value = set_args->value;
    if (Status valid = store::ValidateSetting(key, value); !valid) {
      Die("setting '" + key + "' cannot be '" + value + "': " + valid.error().message);
    }
    if (key == "timezone_string" && !value.empty() && !content::IsKnownTimeZone(value)) {
      Die("'" + value + "' is not a time zone name such as Europe/Berlin");
    }
    auto engine = OpenEngine(set_args->data_dir);
    // Stored in the form Settings reads back ("yes" becomes "1").
    auto map = engine->settings().ToMap();
    map[key] = value;
    const std::string stored = store::Settings::Load(map).ToMap().at(key);
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      if (auto s = tx.SetSetting(key, stored); !s) return s;
      return tx.RecordChange("*");
    }));
  });
}

// Edit distance between two command names (for "did you mean").
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A command word that names no command: "unknown command 'serv'; did you mean 'serve'?" (CLI11
// itself says only "A subcommand is required"). Follows the words down the command tree; stops
// at the first option or at a command without subcommands. Empty when the words are fine.
std::string UnknownCommand(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.empty() || word.front() == '-') return {};
    auto commands = at->get_subcommands([](const CLI::App*) { return true; });
    if (commands.empty()) return {};
    const CLI::App* next = nullptr;
    const CLI::App* closest = nullptr;
    size_t best = 3;  // suggest only a name at most two edits away, or one the word begins
    for (const CLI::App* command : commands) {
      const std::string& name = command->get_name();
      if (name == word) next = command;
      size_t distance = name.starts_with(word) ? 1 : Distance(word, name);
      if (distance < best) best = distance, closest = command;
    }
    if (next == nullptr) {
      std::string message = "unknown command '" + path + std::string(word) + "'";
      if (closest != nullptr) message += "; did you mean '" + path + closest->get_name() + "'?";
      return message;
    }
    path += std::string(word) + " ";
    at = next;
  }
  return {};
}

int Run(int argc, char** argv) {
  CLI::App app{"Quire: a publishing engine with WordPress-compatible comments", "quire"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "quire 0.1.0");
  AddServe(app);
  AddInit(app);
  AddPost(app);
  AddUserCommands(app);
  AddComment(app);
  AddSettings(app);
  AddMailCommands(app);
  AddPrivacyCommands(app);
  AddSpamCommands(app);
  AddWxrCommands(app);
  spdlog::set_default_logger(spdlog::stderr_color_mt("quire"));
  if (std::string unknown = UnknownCommand(app, argc, argv); !unknown.empty()) {
    std::fprintf(stderr, "quire: %s (see quire --help)\n", unknown.c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "quire: %s (see quire --help)\n", e.what());
    return e.get_exit_code() == 0 ? 2 : e.get_exit_code();
  } catch (const CommandError& e) {
    std::fprintf(stderr, "quire: %s\n", e.message.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quire: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  int code = Run(argc, argv);
  spdlog::shutdown();  // writes what the background loggers still hold
  return code;
}

}  // namespace quire::app
