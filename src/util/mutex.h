#pragma once
// A mutex, its locks and a condition variable that clang's thread-safety analysis understands
// (-Wthread-safety, on in clang builds: the asan preset). libstdc++'s std::mutex carries no
// annotations, so fields marked QUIRE_GUARDED_BY(mutex_) are checked only through these types.
//
//   util::Mutex mutex_;
//   int count_ QUIRE_GUARDED_BY(mutex_) = 0;
//   void Add() { util::MutexLock lock(mutex_); ++count_; }
//
// Helpers called with the lock held say so with QUIRE_REQUIRES(mutex_). A condition variable's
// predicate runs with the lock held but is a separate function to the analysis: give the lambda
// QUIRE_REQUIRES too, e.g. `wake_.Wait(lock, [this]() QUIRE_REQUIRES(mutex_) { return done_; })`.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <utility>

#if defined(__clang__)
#define QUIRE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define QUIRE_THREAD_ANNOTATION(x)
#endif

#define QUIRE_CAPABILITY(name) QUIRE_THREAD_ANNOTATION(capability(name))
#define QUIRE_SCOPED_CAPABILITY QUIRE_THREAD_ANNOTATION(scoped_lockable)
#define QUIRE_GUARDED_BY(m) QUIRE_THREAD_ANNOTATION(guarded_by(m))
#define QUIRE_PT_GUARDED_BY(m) QUIRE_THREAD_ANNOTATION(pt_guarded_by(m))
#define QUIRE_REQUIRES(...) QUIRE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define QUIRE_REQUIRES_SHARED(...) QUIRE_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define QUIRE_EXCLUDES(...) QUIRE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define QUIRE_ACQUIRE(...) QUIRE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define QUIRE_ACQUIRE_SHARED(...) QUIRE_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define QUIRE_RELEASE(...) QUIRE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define QUIRE_RELEASE_SHARED(...) QUIRE_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define QUIRE_RELEASE_GENERIC(...) QUIRE_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define QUIRE_NO_THREAD_SAFETY_ANALYSIS QUIRE_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace quire::util {

class CondVar;

class QUIRE_CAPABILITY("mutex") Mutex {
 public:
  void Lock() QUIRE_ACQUIRE() { mutex_.lock(); }
  void Unlock() QUIRE_RELEASE() { mutex_.unlock(); }

 private:
  friend class MutexLock;
  std::mutex mutex_;
};

// Holds a Mutex for its scope; Unlock()/Lock() let a caller step out of it in between (e.g. to
// run work or call back without the lock).
class QUIRE_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) QUIRE_ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~MutexLock() QUIRE_RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() QUIRE_RELEASE() { lock_.unlock(); }
  void Lock() QUIRE_ACQUIRE() { lock_.lock(); }

 private:
  friend class CondVar;
  std::unique_lock<std::mutex> lock_;
};

// A reader-writer mutex: many readers (ReaderLock) or one writer (WriterLock).
class QUIRE_CAPABILITY("mutex") SharedMutex {
 private:
  friend class ReaderLock;
  friend class WriterLock;
  std::shared_mutex mutex_;
};

class QUIRE_SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mutex) QUIRE_ACQUIRE_SHARED(mutex) : lock_(mutex.mutex_) {}
  ~ReaderLock() QUIRE_RELEASE() {}
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  std::shared_lock<std::shared_mutex> lock_;
};

class QUIRE_SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex& mutex) QUIRE_ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~WriterLock() QUIRE_RELEASE() {}
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  std::unique_lock<std::shared_mutex> lock_;
};

// std::condition_variable over a MutexLock. The lock is held again when a wait returns.
class CondVar {
 public:
  void NotifyOne() { cv_.notify_one(); }
  void NotifyAll() { cv_.notify_all(); }

  void Wait(MutexLock& lock) { cv_.wait(lock.lock_); }
  template <typename Predicate>
  void Wait(MutexLock& lock, Predicate done) {
    cv_.wait(lock.lock_, std::move(done));
  }
  // false when the time ran out with `done` still false.
  template <typename Rep, typename Period, typename Predicate>
  bool WaitFor(MutexLock& lock, std::chrono::duration<Rep, Period> timeout, Predicate done) {
    return cv_.wait_for(lock.lock_, timeout, std::move(done));
  }
  template <typename Clock, typename Duration, typename Predicate>
  bool WaitUntil(MutexLock& lock, std::chrono::time_point<Clock, Duration> deadline,
                 Predicate done) {
    return cv_.wait_until(lock.lock_, deadline, std::move(done));
  }

 private:
  std::condition_variable cv_;
};

}  // namespace quire::util
