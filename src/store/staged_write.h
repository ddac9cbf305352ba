// A large write, all or nothing, that must not hold the live database's write lock while it
// works (a WordPress import: seconds to minutes). The job runs in a private copy of the
// database; what it changed is then applied to the live database in one short transaction
// through the store's writer. Comments, logins and the CLI keep writing meanwhile; their
// writes wait for the apply at most, never for the job.
//
//   live  ──reserve comment ids──► copy (a snapshot) ──job, changes recorded──► changeset
//   live  ◄──apply the changeset, check keys, record change tags (one transaction)──┘
//
// Nothing of the job is visible before the apply commits, and a job that fails (or a dry run)
// leaves the live database as it was: the copy is deleted either way. When the live site
// changed something the job also changed (the same row, a slug taken meanwhile, a post deleted
// that the job adds comments to), the apply is rolled back and the whole job runs again on a
// fresh copy, up to `attempts` times; then it fails with kConflict naming the change.
//
// Comment ids: the job's comments keep the ids it chooses. Before each copy, ids up to
// `comment_ids_up_to` are reserved in the live database (its new comments go above them), so the
// job's comments cannot collide with comments posted meanwhile. Other rows (posts, terms, users)
// the live site rarely creates during an import: a collision there is a conflict (run again).
// SQLite's answer: store/sqlite/sqlite_staged_write.cc (the session extension's changesets).
#pragma once

#include <cstdint>
#include <functional>

#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct StagedWriteOptions {
  // How many comments the job may insert, and the largest id it may keep from elsewhere (a
  // file's own ids): the reservation covers both.
  int64_t comments = 0;
  int64_t comment_ids_kept_up_to = 0;
  bool apply = true;  // false: run the job on the copy and throw it away (a dry run)
  int attempts = 3;   // runs of the job when the live site changed the same rows meanwhile
};

// The comment ids reserved for the job: it keeps ids <= kept_up_to where they are free, and
// gives every other comment an id in (renumber_above, up_to]. up_to == 0: no reservation (a dry
// run, or a store without staging) — any free id will do.
struct CommentIds {
  int64_t kept_up_to = 0;
  int64_t renumber_above = 0;
  int64_t up_to = 0;
};

// The job gets the copy's store (for its reads outside the transaction) and transaction.
using StagedJob = std::function<Status(Store& copy, Transaction& tx, const CommentIds& ids)>;

// Runs `job` staged as above. Errors: the job's own error (unchanged), kConflict after
// `attempts` conflicting runs, kUnavailable when the copy cannot be made or applied. A store
// that is not SQLite's runs the job directly in one ordinary write (no staging).
Status StagedWrite(Store& live, const StagedWriteOptions& options, const StagedJob& job);

}  // namespace quire::store
