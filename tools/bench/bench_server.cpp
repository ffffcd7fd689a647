// bench_server: figures for the reference server, measured side by side in one run.
//   1. issuance: N EC P-256 CSRs enrolled through HTTPS (one client, keep-alive; each certificate
//      committed with fsync before the answer) vs `openssl x509 -req` signing the same CSRs with
//      the same issuing CA key, one process per CSR; the ratio is server / openssl throughput.
//   2. the 10,000-profile list (data set from the generator, 200,000 certificates): median
//      latency of a full 200 vs a 304 with If-None-Match.
//   3. 50 concurrent clients syncing (profiles with ETag + certificates) for 30 s on the demo
//      data: requests/s, p50/p99 latency, errors.
// Usage: bench_server [--quick]   (--quick: smaller counts and a 5 s load phase)
#include <openssl/pem.h>
#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto/openssl_ptr.h"
#include "tools/server/data_set_generator.h"
#include "tools/server/server.h"

namespace ts = trustdesk::server;
using Clock = std::chrono::steady_clock;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string p = (std::filesystem::temp_directory_path() / "trustdesk-bench-XXXXXX").string();
    if (!mkdtemp(p.data())) std::abort();
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::unique_ptr<httplib::SSLClient> Client(const ts::Server& server) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", server.port());
  c->set_ca_cert_path(server.ca_file().string().c_str());
  c->enable_server_certificate_verification(true);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(30);
  return c;
}

std::string SignIn(const ts::Server& server, const std::string& account, const std::string& user,
                   const std::string& password) {
  nlohmann::json body = {{"account_id", account}, {"username", user}, {"password", password}};
  auto res = Client(server)->Post("/api/v1/auth/signin", body.dump(), "application/json");
  if (!res || res->status != 200) {
    std::fprintf(stderr, "sign-in failed\n");
    std::exit(1);
  }
  return nlohmann::json::parse(res->body)["token"];
}

std::string MakeCsr(int i) {
  trustdesk::ossl::PkeyPtr key(EVP_EC_gen("P-256"));
  trustdesk::ossl::X509ReqPtr req(X509_REQ_new());
  std::string host = "svc" + std::to_string(i) + ".northwind.example";
  X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1, 0);
  STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
  sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                                   ("DNS:" + host).c_str()));
  X509_REQ_add_extensions(req.get(), exts);
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  trustdesk::ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), req.get());
  char* p = nullptr;
  long n = BIO_get_mem_data(bio.get(), &p);
  return std::string(p, static_cast<size_t>(n));
}

void BenchIssuance(int count) {
  TempDir dir;
  ts::ServerOptions o;
  o.data_dir = dir.path / "data";
  o.demo = true;
  o.password_hash_iterations = 1000;
  auto server = ts::Server::Start(o);
  if (!server) std::exit(1);
  auto& srv = **server;
  std::string admin = srv.admin_token();
  auto client = Client(srv);
  nlohmann::json patch = {{"policy", {{"duplicates", {{"allowed", true}, {"max_active", 1000}}}}}};
  client->Patch("/api/v1/admin/profiles/nw-web-server",
                {{"Authorization", "Bearer " + admin}}, patch.dump(), "application/json");
  std::string token = SignIn(srv, "northwind", "demo", "demo");
  std::vector<std::string> csrs;
  for (int i = 0; i < count; ++i) csrs.push_back(MakeCsr(i));

  // Server: sequential enrollments over one keep-alive HTTPS connection.
  int ok = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < count; ++i) {
    nlohmann::json body = {{"csr_pem", csrs[static_cast<size_t>(i)]}};
    auto res = client->Post("/api/v1/profiles/nw-web-server/enroll",
                            {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    if (res && res->status == 201) ++ok;
  }
  double server_s = std::chrono::duration<double>(Clock::now() - t0).count();

  // openssl x509 -req: the same CSRs, the same issuing CA key, one process each.
  for (int i = 0; i < count; ++i) {
    std::ofstream(dir.path / ("csr" + std::to_string(i) + ".pem")) << csrs[static_cast<size_t>(i)];
  }
  auto ca_dir = o.data_dir / "ca";
  auto t1 = Clock::now();
  int openssl_ok = 0;
  for (int i = 0; i < count; ++i) {
    std::string in = (dir.path / ("csr" + std::to_string(i) + ".pem")).string();
    std::string out = (dir.path / ("crt" + std::to_string(i) + ".pem")).string();
    std::string cmd = "openssl x509 -req -in '" + in + "' -CA '" + (ca_dir / "issuing.pem").string() +
                      "' -CAkey '" + (ca_dir / "issuing.key").string() +
                      "' -set_serial 0x" + std::to_string(1000 + i) + " -days 90 -sha256 -out '" +
                      out + "' 2>/dev/null";
    if (std::system(cmd.c_str()) == 0) ++openssl_ok;
  }
  double openssl_s = std::chrono::duration<double>(Clock::now() - t1).count();
  double server_rate = ok / server_s, openssl_rate = openssl_ok / openssl_s;
  std::printf("issuance (EC P-256 CSR -> certificate), %d CSRs:\n", count);
  std::printf("  server (HTTPS, policy checks, fsynced commit): %d ok, %.1f certs/s (%.2f ms each)\n",
              ok, server_rate, 1000.0 / server_rate);
  std::printf("  openssl x509 -req (process per CSR):           %d ok, %.1f certs/s (%.2f ms each)\n",
              openssl_ok, openssl_rate, 1000.0 / openssl_rate);
  std::printf("  ratio server/openssl: %.2f\n", server_rate / openssl_rate);
}

void BenchLargeList(int profiles, int certificates) {
  TempDir dir;
  ts::DataSetOptions g;
  g.data_dir = dir.path / "data";
  g.profiles = profiles;
  g.certificates = certificates;
  g.password_hash_iterations = 1000;
  auto summary = ts::GenerateDataSet(g, nullptr);
  if (!summary) {
    std::fprintf(stderr, "generator: %s\n", summary.error().message.c_str());
    std::exit(1);
  }
  std::printf("data set: %d profiles, %d certificates generated in %.1f s\n", summary->profiles,
              summary->certificates, summary->seconds);
  ts::ServerOptions o;
  o.data_dir = g.data_dir;
  auto server = ts::Server::Start(o);
  if (!server) std::exit(1);
  std::string token = SignIn(**server, "bench", "bench", "bench");
  auto client = Client(**server);
  httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  std::vector<double> full, cached;
  std::string etag;
  size_t bytes = 0;
  for (int i = 0; i < 21; ++i) {
    auto t = Clock::now();
    auto res = client->Get("/api/v1/profiles", auth);
    double ms = Ms(Clock::now() - t);
    if (!res || res->status != 200) std::exit(1);
    if (i > 0) full.push_back(ms);  // the first warms caches
    etag = res->get_header_value("ETag");
    bytes = res->body.size();
  }
  httplib::Headers cond = auth;
  cond.emplace("If-None-Match", etag);
  for (int i = 0; i < 51; ++i) {
    auto t = Clock::now();
    auto res = client->Get("/api/v1/profiles", cond);
    double ms = Ms(Clock::now() - t);
    if (!res || res->status != 304) std::exit(1);
    if (i > 0) cached.push_back(ms);
  }
  std::printf("profile list, %d profiles (%.1f MB JSON):\n", profiles, bytes / 1e6);
  std::printf("  full 200: median %.2f ms (p90 %.2f)\n", Percentile(full, 0.5), Percentile(full, 0.9));
  std::printf("  304:      median %.2f ms (p90 %.2f)   ratio full/304: %.0fx\n",
              Percentile(cached, 0.5), Percentile(cached, 0.9),
              Percentile(full, 0.5) / Percentile(cached, 0.5));
}

void BenchConcurrentSync(int clients, int seconds) {
  TempDir dir;
  ts::ServerOptions o;
  o.data_dir = dir.path / "data";
  o.demo = true;
  o.password_hash_iterations = 1000;
  o.threads = clients + 8;
  o.max_connections_per_address = clients + 4;  // every client connects from 127.0.0.1
  auto server = ts::Server::Start(o);
  if (!server) std::exit(1);
  std::string token = SignIn(**server, "northwind", "demo", "demo");
  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::mutex mu;
  std::vector<double> latencies;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      auto client = Client(**server);
      httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      std::string etag;
      std::vector<double> mine;
      while (!stop) {
        httplib::Headers h = auth;
        if (!etag.empty()) h.emplace("If-None-Match", etag);
        auto t = Clock::now();
        auto res = client->Get("/api/v1/profiles", h);
        mine.push_back(Ms(Clock::now() - t));
        if (!res || (res->status != 200 && res->status != 304)) ++errors;
        else if (res->status == 200) etag = res->get_header_value("ETag");
        t = Clock::now();
        auto certs = client->Get("/api/v1/certificates", auth);
        mine.push_back(Ms(Clock::now() - t));
        if (!certs || certs->status != 200) ++errors;
      }
      std::lock_guard lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("%d concurrent clients syncing for %d s (profiles with ETag + certificates):\n",
              clients, seconds);
  std::printf("  %zu requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %ld\n",
              latencies.size(), latencies.size() / elapsed, Percentile(latencies, 0.5),
              Percentile(latencies, 0.99), errors.load());
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  std::printf("bench_server (%s)\n", quick ? "quick" : "full");
  BenchIssuance(quick ? 50 : 300);
  BenchLargeList(quick ? 2000 : 10000, quick ? 10000 : 200000);
  BenchConcurrentSync(50, quick ? 5 : 30);
  return 0;
}
