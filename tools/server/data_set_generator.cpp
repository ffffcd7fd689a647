#include "tools/server/data_set_generator.h"

#include <chrono>
#include <filesystem>

#include "core/crypto/certificate.h"
#include "core/util/json_document.h"
#include "tools/server/ca/x509_util.h"
#include "tools/server/file_util.h"
#include "tools/server/profile_service.h"
#include "tools/server/server_state.h"
#include "tools/server/user_service.h"

namespace trustdesk::server {
namespace {

constexpr int kBatch = 5000;

// The demo profiles are the templates: generated profile N is a copy of template N % 12.
Result<std::vector<nlohmann::json>> LoadTemplates() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(AssetsDir() / "demo" / "profiles", ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec || files.empty()) return Error(ErrorCode::Io, "no demo profiles under " + AssetsDir().string());
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> out;
  for (const auto& f : files) {
    auto text = ReadFileLimited(f, 1 << 20);
    if (!text) return text.error();
    auto doc = ParseJsonDocument(*text, f.string());
    if (!doc) return doc.error();
    if ((*doc)["profile_version"] == "3.0") continue;  // keep the bench list all-compatible
    out.push_back(std::move(*doc));
  }
  return out;
}

}  // namespace

Result<DataSetSummary> GenerateDataSet(const DataSetOptions& options,
                                       const std::function<void(const std::string&)>& progress) {
  auto start = std::chrono::steady_clock::now();
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  if (std::filesystem::exists(options.data_dir / "trustdesk-server.db")) {
    return Error(ErrorCode::Conflict, options.data_dir.string() + " already holds a server database");
  }
  if (Status st = EnsurePrivateDirectory(options.data_dir); !st) return st.error();
  ServerState state;
  state.options.data_dir = options.data_dir;
  state.options.password_hash_iterations = options.password_hash_iterations;
  state.base_clock = &SystemClock::Instance();
  state.clock = std::make_unique<OffsetClock>(*state.base_clock);
  auto store = Store::Open(options.data_dir / "trustdesk-server.db");
  if (!store) return store.error();
  state.store = std::move(*store);
  auto ca = ca::CertificateAuthority::LoadOrCreate(options.data_dir / "ca", state.CaNow());
  if (!ca) return ca.error();
  state.ca = std::move(*ca);

  auto account = SaveAccount(state, {{"id", "bench"}, {"name", "Northwind Benchmarks"},
                                     {"business_unit", "Performance"}, {"division", "QA"}});
  if (!account) return account.error();
  auto user = SaveUser(state, "bench",
                       {{"username", "bench"}, {"password", "bench"}, {"display_name", "Bench User"},
                        {"email", "bench@northwind.example"},
                        {"attributes", {{"department", "QA"}, {"upn", "bench@corp.northwind.example"}}}},
                       std::nullopt);
  if (!user) return user.error();

  auto templates = LoadTemplates();
  if (!templates) return templates.error();
  std::vector<ProfileRow> rows;
  std::vector<std::string> ids;
  for (int i = 0; i < options.profiles; ++i) {
    nlohmann::json p = (*templates)[static_cast<size_t>(i) % templates->size()];
    char id[32];
    std::snprintf(id, sizeof id, "bench-%05d", i + 1);
    p["id"] = id;
    p["name"] = p["name"].get<std::string>() + " #" + std::to_string(i + 1);
    auto row = PrepareNewProfile(state, "bench", std::move(p));
    if (!row) return Error(row.error().code, std::string(id) + ": " + row.error().message);
    ids.push_back(id);
    rows.push_back(std::move(*row));
  }
  if (Status st = state.store->PutProfilesAssigned(rows, user->id); !st) return st.error();
  say("profiles: " + std::to_string(rows.size()));
  rows.clear();

  // One key for every certificate: what costs is the signing, not key generation.
  auto key = ca::GenerateEcKey("P-256");
  if (!key) return key.error();
  std::vector<CertificateRow> batch;
  int64_t now = state.CaNow().unix_seconds;
  for (int i = 0; i < options.certificates; ++i) {
    ca::CertificateSpec spec;
    std::string cn = "device-" + std::to_string(i + 1) + ".corp.northwind.example";
    spec.subject = ca::MakeName({{"O", "Northwind Benchmarks"}, {"CN", cn}});
    EVP_PKEY_up_ref(key->get());
    spec.public_key.reset(key->get());
    // Spread issuance over the last year so the set has valid, expiring and expired ones.
    int64_t issued = now - static_cast<int64_t>(i % 365) * 86400;
    spec.not_before = Timestamp{issued};
    spec.not_after = Timestamp{issued + 365 * 86400};
    spec.key_usage = {"digitalSignature"};
    spec.extended_key_usage = {"clientAuth"};
    spec.digest = EVP_sha256();
    auto cert = state.ca->Issue(spec);
    if (!cert) return cert.error();
    auto pem = ca::CertificateToPem(cert->get());
    if (!pem) return pem.error();
    CertificateRow row;
    row.serial = trustdesk::SerialHex(X509_get0_serialNumber(cert->get()));
    row.user_id = user->id;
    row.profile_id = ids[static_cast<size_t>(i) % ids.size()];
    row.profile_revision = 1;
    row.common_name = cn;
    row.subject = ca::NameToString(X509_get_subject_name(cert->get()));
    row.issuer = state.ca->issuing_subject();
    row.not_before = spec.not_before.unix_seconds;
    row.not_after = spec.not_after.unix_seconds;
    row.revoked = i % 50 == 49;  // 2 % revoked
    if (row.revoked) {
      row.revocation_reason = "superseded";
      row.revoked_at = issued + 86400;
    }
    row.pem = std::move(*pem);
    row.issued_at = issued;
    batch.push_back(std::move(row));
    if (static_cast<int>(batch.size()) == kBatch || i + 1 == options.certificates) {
      if (Status st = state.store->InsertCertificates(batch); !st) return st.error();
      batch.clear();
      say("certificates: " + std::to_string(i + 1));
    }
  }
  if (Status st = state.store->SetMeta("demo_loaded", "1"); !st) return st.error();
  DataSetSummary summary;
  summary.profiles = options.profiles;
  summary.certificates = options.certificates;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace trustdesk::server
