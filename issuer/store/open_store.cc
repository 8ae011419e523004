#include "issuer/store/open_store.h"

#include "issuer/store/postgres_store.h"
#include "issuer/store/sqlite_store.h"

namespace anycred::issuer::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& store_url,
                                         const std::string& data_dir,
                                         bool create) {
  if (store_url.empty())
    return OpenSqliteStore(data_dir + "/issuer.db", create);
  if (IsPostgresUrl(store_url)) return OpenPostgresStore(store_url, create);
  return Status::Error(codes::kInvalidArgument,
                       "--store: \"" + RedactStoreUrl(store_url) +
                           "\" is not a store this program knows; give a "
                           "postgresql://USER@HOST:PORT/DATABASE URL, or "
                           "leave --store out to use the data folder");
}

std::string DescribeStore(const std::string& store_url,
                          const std::string& data_dir) {
  return store_url.empty() ? data_dir + "/issuer.db"
                           : RedactStoreUrl(store_url);
}

}  // namespace anycred::issuer::store
