// bench_jobs: the job worker end to end against the in-process reference server on loopback,
// each figure beside the openssl command line doing the same key generation + CSR + signing in
// the same run (alternating, so both see the same machine load):
//   1. one enrollment (EC P-256, RSA-2048): median wall time from Submit() to the installed,
//   verified
//      certificate (policy check, key, CSR, journal, HTTPS submit, chain check, PEM files,
//      inventory) vs `openssl req -newkey` + `openssl x509 -req` with the CA's issuing key.
//   2. bulk renewal of 1,000 installed certificates (all submitted at once): certificates/s vs
//      the same openssl pair run 1,000 times.
// Usage: bench_jobs [--quick] [--bulk N]   (--quick: 10/5 enrollments and 100 renewals;
//        --bulk: the size of the bulk set, at most 1,000)
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/activity/activity_log.h"
#include "core/inventory/inventory.h"
#include "core/jobs/job_worker.h"
#include "core/scripts/script_runner.h"
#include "core/state/snapshot_store.h"
#include "tools/server/server.h"

namespace fs = std::filesystem;
using namespace trustdesk;
using Steady = std::chrono::steady_clock;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string p = (fs::temp_directory_path() / "trustdesk-bench-jobs-XXXXXX").string();
    if (!mkdtemp(p.data())) std::abort();
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_jobs: %s\n", what.c_str());
  std::exit(1);
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The openssl command line doing what one enrollment does cryptographically: a new key and CSR
// (`openssl req -newkey`), then the CA signing it (`openssl x509 -req`). Spawned without a shell.
class OpensslPair {
 public:
  OpensslPair(fs::path work, fs::path ca_cert, fs::path ca_key)
      : work_(std::move(work)), ca_cert_(std::move(ca_cert)), ca_key_(std::move(ca_key)) {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
      if (fs::exists(fs::path(dir) / "openssl")) openssl_ = fs::path(dir) / "openssl";
    }
    if (openssl_.empty()) Die("the openssl command is not installed");
    fs::create_directories(work_);
  }

  // One key + CSR + signature; returns the wall time in ms.
  double Run(bool rsa, int n) {
    const std::string key = (work_ / "key.pem").string(), csr = (work_ / "csr.pem").string(),
                      crt = (work_ / "crt.pem").string();
    const auto t0 = Steady::now();
    std::vector<std::string> req = {"req",     "-new",  "-nodes",
                                    "-keyout", key,     "-out",
                                    csr,       "-subj", "/CN=build.northwind.example"};
    if (rsa) {
      req.insert(req.end(), {"-newkey", "rsa:2048"});
    } else {
      req.insert(req.end(), {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"});
    }
    Spawn(req);
    Spawn({"x509", "-req", "-in", csr, "-CA", ca_cert_.string(), "-CAkey", ca_key_.string(),
           "-set_serial", std::to_string(1000 + n), "-days", "90", "-sha256", "-out", crt});
    return Ms(Steady::now() - t0);
  }

 private:
  void Spawn(const std::vector<std::string>& args) {
    ScriptInvocation inv;
    inv.command = openssl_;
    inv.arguments = args;
    inv.environment = {{"PATH", "/usr/bin:/bin"}, {"LANG", "C"}};
    inv.timeout = std::chrono::seconds(60);
    auto out = RunScript(inv);
    if (!out.ok() || !out->succeeded()) {
      Die("openssl " + args[0] + " failed: " + (out.ok() ? out->stderr_text : out.error().message));
    }
  }

  fs::path work_, ca_cert_, ca_key_, openssl_;
};

// The client side: snapshot, activity, inventory and the job worker on one data directory, signed
// in as the demo user with the profiles published as a sync would.
struct Client {
  SnapshotStore store;
  ActivityLog activity;
  Inventory inventory;
  std::shared_ptr<ApiClient> api;
  std::string token;
  std::unique_ptr<JobWorker> worker;

  Client(const server::Server& srv, const fs::path& data)
      : activity(data / "activity.jsonl"), inventory(data / Inventory::kFileName) {
    fs::create_directories(data);
    HttpOptions http;
    http.server_url = srv.url();
    http.ca_file = srv.ca_file().string();
    auto created = ApiClient::Create(http);
    if (!created) Die(created.error().message);
    api = std::move(created.value());
    auto signed_in = api->SignIn("northwind", "demo", "demo");
    if (!signed_in) Die(signed_in.error().message);
    token = signed_in->token;
    auto profiles = api->GetProfiles(token, "");
    if (!profiles) Die(profiles.error().message);
    store.Update([&](Snapshot& s) {
      s.account = signed_in->account;
      std::vector<ProfileEntry> list;
      for (auto& p : profiles->list.profiles) list.push_back(ProfileEntry{p, {}, {}, false});
      s.profiles = std::move(list);
    });
    JobWorkerOptions options;
    options.data_dir = data;
    worker = std::make_unique<JobWorker>(
        store, activity, inventory,
        [this]() -> std::optional<ApiSession> {
          return ApiSession{api, token};
        },
        SystemClock::Instance(), options);
    worker->Start();
  }

  EnrollRequest Enroll(bool rsa, const fs::path& pem_dir) const {
    EnrollRequest r;
    r.profile_id = "nw-web-server";
    r.key_algorithm = rsa ? KeyAlgorithm::Rsa : KeyAlgorithm::Ec;
    r.key_size = rsa ? 2048 : 256;
    r.store = {KeyStoreKind::Pem, pem_dir.string(), ""};
    r.fields = {{"subject.CN", "build.northwind.example"}, {"san.dns", "build.northwind.example"}};
    return r;
  }
};

void Check(const JobStatus& st) {
  if (st.state != JobState::Succeeded) Die("job " + std::to_string(st.id) + ": " + st.error);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int bulk_override = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--bulk" && i + 1 < argc) {
      bulk_override = std::atoi(argv[++i]);
      if (bulk_override < 1 || bulk_override > 1000) Die("--bulk: a count from 1 to 1000");
    } else {
      Die("usage: bench_jobs [--quick] [--bulk N]");
    }
  }
  const int ec_runs = quick ? 10 : 30, rsa_runs = quick ? 5 : 15;
  const int bulk = bulk_override ? bulk_override : quick ? 100 : 1000;

  TempDir dir;
  server::ServerOptions so;
  so.data_dir = dir.path / "server";
  so.demo = true;
  so.password_hash_iterations = 1000;
  auto started = server::Server::Start(so);
  if (!started) Die(started.error().message);
  server::Server& srv = **started;
  {
    // Room for the bulk set: many active certificates, each renewal revoking the one it replaces.
    HttpOptions http;
    http.server_url = srv.url();
    http.ca_file = srv.ca_file().string();
    auto admin = HttpTransport::Create(http);
    if (!admin) Die(admin.error().message);
    HttpRequest patch;
    patch.method = "PATCH";
    patch.path = "/api/v1/admin/profiles/nw-web-server";
    patch.bearer_token = srv.admin_token();
    patch.body = R"({"policy":{"duplicates":{"allowed":true,"max_active":1000,)"
                 R"("revoke_previous_on_renew":true}}})";
    auto res = (*admin)->Send(patch);
    if (!res) Die("cannot widen the duplicate allowance of nw-web-server: " + res.error().message);
    if (res->status != 200) {
      Die("cannot widen the duplicate allowance of nw-web-server: HTTP " +
          std::to_string(res->status) + " " + res->body);
    }
  }
  Client client(srv, dir.path / "client");
  OpensslPair openssl(dir.path / "openssl", so.data_dir / "ca" / "issuing.pem",
                      so.data_dir / "ca" / "issuing.key");

  std::printf("bench_jobs: job worker vs the openssl CLI (key + CSR + CA signature), same run\n");
  std::printf("1. one enrollment end to end, median (loopback HTTPS, PEM files, fsync'd):\n");
  std::vector<std::string> singles;  // revoked before the bulk set, which needs all 1,000 slots
  for (bool rsa : {false, true}) {
    const int runs = rsa ? rsa_runs : ec_runs;
    std::vector<double> ours, theirs;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = Steady::now();
      const JobStatus st =
          client.worker->Wait(client.worker->Submit(client.Enroll(rsa, dir.path / "single")));
      Check(st);
      ours.push_back(Ms(Steady::now() - t0));
      singles.push_back(st.result_serial);
      theirs.push_back(openssl.Run(rsa, i));
    }
    const double a = Median(ours), b = Median(theirs);
    std::printf("   %-10s TrustDesk %7.1f ms   openssl CLI %7.1f ms   ratio %.2f  (n=%d)\n",
                rsa ? "RSA-2048" : "EC P-256", a, b, a / b, runs);
  }

  for (const std::string& serial : singles) {
    RevokeRequest revoke;
    revoke.serial = serial;
    revoke.reason = RevocationReason::CessationOfOperation;
    Check(client.worker->Wait(client.worker->Submit(revoke)));
  }

  // The bulk set: installed first (PEM stores of 250 certificates each), then renewed at once.
  std::printf("2. bulk renewal of %d installed EC P-256 certificates:\n", bulk);
  std::vector<uint64_t> ids;
  const auto e0 = Steady::now();
  for (int i = 0; i < bulk; ++i) {
    ids.push_back(client.worker->Submit(
        client.Enroll(false, dir.path / ("bulk-" + std::to_string(i / 250)))));
  }
  std::vector<std::string> serials;
  for (uint64_t id : ids) {
    JobStatus st = client.worker->Wait(id);
    Check(st);
    serials.push_back(st.result_serial);
  }
  const double enroll_s = std::chrono::duration<double>(Steady::now() - e0).count();
  std::printf("   (set-up: %d enrollments in %.1f s, %.1f certificates/s)\n", bulk, enroll_s,
              bulk / enroll_s);

  ids.clear();
  const auto r0 = Steady::now();
  for (const std::string& serial : serials) {
    ids.push_back(client.worker->Submit(RenewRequest{serial, "", false}));
  }
  for (uint64_t id : ids) Check(client.worker->Wait(id));
  const double renew_s = std::chrono::duration<double>(Steady::now() - r0).count();

  const auto o0 = Steady::now();
  for (int i = 0; i < bulk; ++i) openssl.Run(false, 10000 + i);
  const double openssl_s = std::chrono::duration<double>(Steady::now() - o0).count();
  const double ours = bulk / renew_s, theirs = bulk / openssl_s;
  std::printf(
      "   TrustDesk renewal %7.1f certificates/s (%.1f s)   openssl CLI %7.1f/s (%.1f s)   "
      "ratio %.2f\n",
      ours, renew_s, theirs, openssl_s, ours / theirs);
  std::printf(
      "   (each renewal: policy check, GET old certificate, key, CSR, CA chain, submit, verify,\n"
      "    install over the old PEM slot, inventory, check the old one is revoked, 2 journal "
      "writes)\n");
  client.worker->Stop();
  return 0;
}
