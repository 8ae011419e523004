// Opens the issuer's store from the command line's choice: the embedded
// SQLite database in the data folder (DATA/issuer.db) by default, or a
// PostgreSQL database when `--store` is a postgresql:// or postgres:// URL
// (several issuer processes may then share it). The master key stays in
// the data folder (or ANYCRED_MASTER_KEY) either way.
//
// Thread safety: a plain function; the store returned is thread-safe.
#ifndef ANYCRED_ISSUER_STORE_OPEN_STORE_H_
#define ANYCRED_ISSUER_STORE_OPEN_STORE_H_

#include <memory>
#include <string>

#include "issuer/store/store.h"

namespace anycred::issuer::store {

// `store_url` "" (SQLite in `data_dir`) or a PostgreSQL URL; anything else
// is INVALID_ARGUMENT. Without `create`, a store that does not exist yet is
// NOT_FOUND. Messages never show the URL's password.
Result<std::unique_ptr<Store>> OpenStore(const std::string& store_url,
                                         const std::string& data_dir,
                                         bool create);

// How a message names the store: the data folder's database, or the URL
// without its password.
std::string DescribeStore(const std::string& store_url,
                          const std::string& data_dir);

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_OPEN_STORE_H_
