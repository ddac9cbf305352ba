// Response bodies kept in memory files (memfd), so that the kernel sends them with sendfile(2)
// without copying them from user space, as nginx sends a static file. Only bodies worth it get
// one: at least kMinBytes, and sent at least twice (a cached page, not a one-off render); the
// files hold at most a byte budget (the oldest go first) and a file goes once its body has been
// freed (the page left the cache).
//
// Thread-safe (one mutex). Bodies are identified by address: the map holds a weak_ptr to each,
// which keeps the address from being reused while the entry exists.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/mutex.h"

namespace quire::http {

// A sealed memory file holding one body's bytes; closed when the last holder lets go.
class BodyFile {
 public:
  BodyFile(int fd, size_t size) : fd_(fd), size_(size) {}
  ~BodyFile();
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  int fd() const { return fd_; }
  size_t size() const { return size_; }

 private:
  const int fd_;
  const size_t size_;
};

class BodyFiles {
 public:
  // Smaller bodies are copied: one sendmsg costs less than a send and a sendfile.
  static constexpr size_t kMinBytes = 16 * 1024;
  // Bodies remembered at once (seen once, or with a file); past it, freed ones are forgotten.
  static constexpr size_t kMaxEntries = 4096;
  static constexpr size_t kDefaultBudget = 64u << 20;

  explicit BodyFiles(size_t budget_bytes = kDefaultBudget) : budget_(budget_bytes) {}

  // The file holding this body's bytes, or null: first sight, too small, larger than the
  // budget, or no memory file could be made (the caller then writes from memory). Keep the
  // returned pointer until the send is over.
  std::shared_ptr<const BodyFile> For(const std::shared_ptr<const std::string>& body);

  size_t Bytes() const;  // held in files
  size_t Files() const;

 private:
  struct Entry {
    std::weak_ptr<const std::string> body;
    std::shared_ptr<const BodyFile> file;         // null until the second sighting
    std::list<const std::string*>::iterator age;  // in with_files_ when file is set
  };

  std::shared_ptr<const BodyFile> MakeFileLocked(const std::string* key, Entry& entry)
      QUIRE_REQUIRES(mutex_);
  void EraseLocked(std::unordered_map<const std::string*, Entry>::iterator it)
      QUIRE_REQUIRES(mutex_);
  void ForgetFreedLocked() QUIRE_REQUIRES(mutex_);

  const size_t budget_;
  mutable util::Mutex mutex_;
  std::unordered_map<const std::string*, Entry> entries_ QUIRE_GUARDED_BY(mutex_);
  std::list<const std::string*> with_files_ QUIRE_GUARDED_BY(mutex_);  // oldest file first
  size_t bytes_ QUIRE_GUARDED_BY(mutex_) = 0;
};

}  // namespace quire::http
