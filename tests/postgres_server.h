// A private PostgreSQL server for tests: initdb in a fresh temporary
// folder, `postgres` on a free loopback port with its unix socket in that
// folder, stopped and removed when the object goes away. It never outlives
// the test: the server is a testing::ChildProcess (killed if the test
// process dies), and every wait has a timeout.
//
// The programs come from $ANYCRED_PG_BIN or the newest
// /usr/lib/postgresql/N/bin (Debian `postgresql`, installed by
// scripts/install-deps.sh). When they are missing the test FAILS, saying
// so: the PostgreSQL store must not go untested silently.
//
// PostgreSQL refuses to run as root: when the test runs as root (CI), the
// folder is given to the `postgres` system user and initdb and postgres run
// as that user (setpriv, which also keeps the parent-death signal).
//
// Thread safety: one thread owns the object; URLs may be used anywhere.
#ifndef ANYCRED_TESTS_POSTGRES_SERVER_H_
#define ANYCRED_TESTS_POSTGRES_SERVER_H_

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/issuer_server.h"
#include "tests/test_util.h"

namespace anycred::testing {

// The folder holding initdb and postgres, or "".
inline std::string PostgresBinDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("ANYCRED_PG_BIN"); env && *env)
    return fs::exists(fs::path(env) / "postgres") ? env : "";
  std::string best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int v = std::atoi(e.path().filename().c_str());
    if (v > best_version && fs::exists(e.path() / "bin" / "postgres") &&
        fs::exists(e.path() / "bin" / "initdb")) {
      best_version = v;
      best = (e.path() / "bin").string();
    }
  }
  return best;
}

class PostgresServer {
 public:
  PostgresServer() {
    bin_ = PostgresBinDir();
    if (bin_.empty())
      FAIL(
          "PostgreSQL's server programs (initdb, postgres) were not found in "
          "/usr/lib/postgresql/N/bin or $ANYCRED_PG_BIN: install the Debian "
          "package `postgresql` (scripts/install-deps.sh does)");
    data_ = dir_.File("data");
    if (geteuid() == 0) {
      passwd* pw = getpwnam("postgres");
      if (!pw)
        FAIL(
            "running as root, the PostgreSQL test server needs the `postgres` "
            "system user (created by the Debian package `postgresql`)");
      REQUIRE(chown(dir_.path().c_str(), pw->pw_uid, pw->pw_gid) == 0);
      as_user_ = {"/usr/bin/setpriv", "--reuid=" + std::to_string(pw->pw_uid),
                  "--regid=" + std::to_string(pw->pw_gid), "--clear-groups",
                  "--pdeathsig=KILL", "--",
                  // Start in the server's folder: the test's working
                  // directory may be closed to that user.
                  "/usr/bin/env", "-C", dir_.path()};
    }
    auto init = RunCommand(
        As({bin_ + "/initdb", "-D", data_, "-U", "anycred", "--auth=trust",
            "-E", "UTF8", "--no-sync", "--no-instructions"}));
    INFO(init.out << init.err);
    REQUIRE(init.exit_code == 0);
    port_ = FreePort();
    std::vector<std::string> argv =
        As({bin_ + "/postgres", "-D", data_, "-p", std::to_string(port_), "-k",
            dir_.path(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            "-c", "max_connections=200", "-c", "shared_buffers=64MB"});
    // The log goes to a file the server user may write.
    server_ = std::make_unique<ChildProcess>(argv, dir_.File("postgres.log"));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::string admin = Url("postgres");
    while (PQping(admin.c_str()) != PQPING_OK) {
      if (!server_->Running())
        FAIL("postgres exited: " << ReadFile(dir_.File("postgres.log")));
      if (std::chrono::steady_clock::now() > deadline) {
        server_->Stop(SIGKILL);
        FAIL("postgres did not start within 60 s: "
             << ReadFile(dir_.File("postgres.log")));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~PostgresServer() {
    // SIGINT: fast shutdown (disconnects clients); SIGKILL after 30 s.
    if (server_) server_->Stop(SIGINT, std::chrono::seconds(30));
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A libpq URL of database `db` (over the unix socket).
  std::string Url(const std::string& db) const {
    return "postgresql://anycred@/" + db + "?host=" + dir_.path() +
           "&port=" + std::to_string(port_);
  }
  // The same over TCP on loopback.
  std::string TcpUrl(const std::string& db) const {
    return "postgresql://anycred@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

  // Runs `sql` in database `db`; returns "" or the error message.
  std::string Exec(const std::string& db, const std::string& sql) const {
    PGconn* c = PQconnectdb(Url(db).c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
      err = PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, sql.c_str());
      ExecStatusType t = PQresultStatus(r);
      if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
        err = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return err;
  }
  // The first column of the first row of `sql`'s result.
  std::string Query(const std::string& db, const std::string& sql) const {
    PGconn* c = PQconnectdb(Url(db).c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PGresult* r = PQexec(c, sql.c_str());
    INFO(PQresultErrorMessage(r));
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
    std::string out = ok ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    REQUIRE(ok);
    return out;
  }

  // A new, empty database; returns its URL.
  std::string NewDatabase(const std::string& name) {
    std::string err = Exec("postgres", "CREATE DATABASE " + name);
    INFO(err);
    REQUIRE(err.empty());
    return Url(name);
  }

 private:
  std::vector<std::string> As(std::vector<std::string> argv) const {
    argv.insert(argv.begin(), as_user_.begin(), as_user_.end());
    return argv;
  }

  TempDir dir_;
  std::string bin_, data_;
  std::vector<std::string> as_user_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> server_;
};

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_POSTGRES_SERVER_H_
