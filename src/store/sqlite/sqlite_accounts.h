// The SQLite answer to store::Accounts, on the connections of a store opened by OpenSqlite.
#pragma once

#include <memory>

#include "store/accounts.h"
#include "store/store.h"

namespace quire::store {

// Accounts over `store` (which must outlive it). Its calls fail with kInternal when `store` is
// not an SQLite store.
std::unique_ptr<Accounts> SqliteAccounts(Store& store);

}  // namespace quire::store
