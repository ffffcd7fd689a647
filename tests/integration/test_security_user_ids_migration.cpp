// A database from before opaque user ids (schema 1) is migrated in place: every row stays, the
// users keep their ids and sessions, and the ids that certificates of already deleted users
// still carry are retired, so a new user can never take them over.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"
#include "tools/server/password_hash.h"

using namespace trustdesk::testing;
namespace server = trustdesk::server;

namespace {

std::string ReadText(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Runs `sql` on the database file; for SELECTs, the first column of the first row.
std::string Sql(const std::filesystem::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_file.c_str(), &db) == SQLITE_OK);
  std::string first;
  char* error = nullptr;
  int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int, char** values, char**) {
        auto* s = static_cast<std::string*>(out);
        if (s->empty() && values[0]) *s = values[0];
        return 0;
      },
      &first, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
  return first;
}

}  // namespace

TEST_CASE("security: a schema 1 database keeps its rows and retires orphaned user ids") {
  TempDir temp;
  auto data = temp.path() / "data";
  std::filesystem::create_directories(data);
  const std::filesystem::path db = data / "trustdesk-server.db";
  std::string sql = ReadText(std::filesystem::path(TRUSTDESK_TEST_DATA_DIR) / "server_db_v1.sql");
  REQUIRE_FALSE(sql.empty());
  ReplaceAll(sql, "@ALICE_HASH@", server::HashPassword("alice-v1-pass", 1000).value());
  const std::string old_token = "token-from-before-the-upgrade";
  ReplaceAll(sql, "@TOKEN_HASH@", server::Sha256Hex(old_token));
  Sql(db, sql);

  server::ServerOptions options;
  options.data_dir = data;
  options.password_hash_iterations = 1000;
  options.threads = 4;
  auto started = server::Server::Start(options);
  REQUIRE_MESSAGE(started, started.error().message);
  auto& srv = **started;
  httplib::SSLClient client("127.0.0.1", srv.port());
  client.set_ca_cert_path(srv.ca_file().c_str());
  client.enable_server_certificate_verification(true);

  // alice keeps her id, her session and her certificate.
  auto me = Call(client, "GET", "/api/v1/me", old_token);
  REQUIRE_MESSAGE(me.status == 200, me.body);
  CHECK(me.json["user"]["id"] == "northwind.alice");
  auto certs = Call(client, "GET", "/api/v1/certificates", old_token);
  REQUIRE(certs.status == 200);
  REQUIRE(certs.json["certificates"].size() == 1);
  CHECK(certs.json["certificates"][0]["serial"] == "0a1b");

  // zed's id still owns a certificate and an escrowed key: nobody gets it again.
  const std::string admin = srv.admin_token();
  auto taken = Call(client, "POST", "/api/v1/admin/accounts/northwind/users", admin,
                    {{"id", "northwind.zed"}, {"username", "zed"}, {"password", "zed-pass"}});
  CHECK(taken.status == 409);
  auto zed = Call(client, "POST", "/api/v1/admin/accounts/northwind/users", admin,
                  {{"username", "zed"}, {"password", "zed-pass"}});
  REQUIRE(zed.status == 201);
  CHECK(zed.json["id"] != "northwind.zed");
  auto signin = Call(client, "POST", "/api/v1/auth/signin", "",
                     {{"account_id", "northwind"}, {"username", "zed"}, {"password", "zed-pass"}});
  REQUIRE(signin.status == 200);
  std::string zed_token = signin.json["token"];
  CHECK(Call(client, "GET", "/api/v1/certificates/0c0d", zed_token).status == 404);
  srv.Stop();

  CHECK(Sql(db, "SELECT value FROM meta WHERE key = 'schema_version'") == "2");
  CHECK(Sql(db, "SELECT value FROM meta WHERE key = 'crl_number'") == "3");
  CHECK(Sql(db, "SELECT COUNT(*) FROM certificates") == "2");
  CHECK(Sql(db, "SELECT cms_pem FROM escrow WHERE serial = '0c0d'") == "zed-escrowed-key");
  CHECK(Sql(db, "SELECT COUNT(*) FROM retired_user_ids WHERE id = 'northwind.zed'") == "1");
  CHECK(Sql(db, "SELECT COUNT(*) FROM users") == "2");
}
