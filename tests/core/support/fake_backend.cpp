#include "core/support/fake_backend.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace trustdesk::testing {
namespace {

nlohmann::json LoadValidProfile() {
  std::ifstream in(std::string(TRUSTDESK_TEST_DATA_DIR) + "/profile_valid.json");
  if (!in) throw std::runtime_error("tests/data/profile_valid.json missing");
  return nlohmann::json::parse(std::string((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>()));
}

void SendError(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                  "application/json");
}

}  // namespace

FakeBackend::FakeBackend(int port) : leaf_(pki_.IssueLeaf()) {
  ca_file_ = pki_.WriteCaFile(dir_.path());
  server_ = std::make_unique<TlsTestServer>(leaf_);
  Install(server_->http());
  server_->Start(port);
  port_ = server_->port();
}

FakeBackend::~FakeBackend() = default;

void FakeBackend::GoDown() { server_.reset(); }

void FakeBackend::ComeBack() {
  server_ = std::make_unique<TlsTestServer>(leaf_);
  Install(server_->http());
  server_->Start(port_);
}

nlohmann::json FakeBackend::MakeProfile(const std::string& id, int64_t revision,
                                        const std::string& name) {
  static const nlohmann::json base = LoadValidProfile();
  nlohmann::json p = base;
  p["id"] = id;
  p["revision"] = revision;
  p["name"] = name;
  p["enrollment"]["url"] = "/api/v1/profiles/" + id + "/enroll";
  return p;
}

nlohmann::json FakeBackend::MakeAccount() {
  return {{"id", "acme"},
          {"name", "Acme Corp"},
          {"business_unit", "IT"},
          {"division", "EU"},
          {"user",
           {{"id", "u-1"},
            {"username", "alice"},
            {"display_name", "Alice Example"},
            {"email", "alice@example.com"},
            {"attributes", {{"department", "Engineering"}}}}}};
}

void FakeBackend::SetProfiles(std::vector<nlohmann::json> profiles) {
  std::lock_guard lock(mutex_);
  profiles_ = std::move(profiles);
  ++revision_;
}

void FakeBackend::EditProfile(std::size_t index, const std::string& pointer, nlohmann::json value) {
  std::lock_guard lock(mutex_);
  nlohmann::json& p = profiles_.at(index);
  p[nlohmann::json::json_pointer(pointer)] = std::move(value);
  p["revision"] = p["revision"].get<int64_t>() + 1;
  ++revision_;
}

void FakeBackend::RemoveProfile(std::size_t index) {
  std::lock_guard lock(mutex_);
  profiles_.erase(profiles_.begin() + static_cast<std::ptrdiff_t>(index));
  ++revision_;
}

void FakeBackend::SetCertificates(nlohmann::json list) {
  std::lock_guard lock(mutex_);
  certificates_ = std::move(list);
}

void FakeBackend::Inject(const std::string& route, Fault fault) {
  std::lock_guard lock(mutex_);
  faults_[route].push_back(std::move(fault));
}

int FakeBackend::Requests(const std::string& route) const {
  std::lock_guard lock(mutex_);
  const auto it = requests_.find(route);
  return it == requests_.end() ? 0 : it->second;
}

std::string FakeBackend::etag() const {
  std::lock_guard lock(mutex_);
  return "\"rev-" + std::to_string(revision_) + "\"";
}

bool FakeBackend::TakeFault(const std::string& route, Fault& out) {
  std::lock_guard lock(mutex_);
  ++requests_[route];
  auto& queue = faults_[route];
  if (queue.empty()) return false;
  out = std::move(queue.front());
  queue.pop_front();
  return true;
}

void FakeBackend::Install(httplib::SSLServer& http) {
  // Every route first serves an injected fault, if one is queued.
  auto faulted = [this](const std::string& route, httplib::Response& res) {
    Fault f;
    if (!TakeFault(route, f)) return false;
    if (f.drop) {
      res.set_content_provider(10'000, f.content_type,
                               [](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;
                                 sink.write("{\"revision\": 3, \"profiles\": [", 28);
                                 return true;
                               });
      return true;
    }
    res.status = f.status;
    if (f.retry_after) res.set_header("Retry-After", std::to_string(*f.retry_after));
    res.set_content(f.body, f.content_type);
    return true;
  };
  auto authorized = [this](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Bearer " + token) {
      SendError(res, 401, "token_expired", "the session token is invalid or has expired");
      return false;
    }
    return true;
  };

  http.Get("/api/v1/health", [=, this](const httplib::Request&, httplib::Response& res) {
    if (faulted("/api/v1/health", res)) return;
    res.set_content(R"({"status":"ok","version":"2.1.0","api_version":1})", "application/json");
  });
  http.Post("/api/v1/auth/signin", [=, this](const httplib::Request& req, httplib::Response& res) {
    if (faulted("/api/v1/auth/signin", res)) return;
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || body.value("password", "") != password ||
        body.value("username", "") != "alice" || body.value("account_id", "") != "acme") {
      SendError(res, 401, "invalid_credentials", "wrong account ID, user name or password");
      return;
    }
    res.set_content(nlohmann::json{{"token", token},
                                   {"expires_at", "2030-01-01T00:00:00Z"},
                                   {"account", MakeAccount()}}
                        .dump(),
                    "application/json");
  });
  http.Post("/api/v1/auth/signout", [=, this](const httplib::Request&, httplib::Response& res) {
    res.status = 204;
  });
  http.Get("/api/v1/me", [=, this](const httplib::Request& req, httplib::Response& res) {
    if (faulted("/api/v1/me", res) || !authorized(req, res)) return;
    res.set_content(MakeAccount().dump(), "application/json");
  });
  http.Get("/api/v1/profiles", [=, this](const httplib::Request& req, httplib::Response& res) {
    if (faulted("/api/v1/profiles", res) || !authorized(req, res)) return;
    std::lock_guard lock(mutex_);
    const std::string tag = "\"rev-" + std::to_string(revision_) + "\"";
    res.set_header("ETag", tag);
    if (req.get_header_value("If-None-Match") == tag) {
      res.status = 304;
      return;
    }
    nlohmann::json body = {{"revision", revision_}, {"profiles", profiles_}};
    res.set_content(body.dump(), "application/json");
  });
  http.Get("/api/v1/certificates", [=, this](const httplib::Request& req, httplib::Response& res) {
    if (faulted("/api/v1/certificates", res) || !authorized(req, res)) return;
    std::lock_guard lock(mutex_);
    res.set_content(nlohmann::json{{"certificates", certificates_}}.dump(), "application/json");
  });
}

}  // namespace trustdesk::testing
