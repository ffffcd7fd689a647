// Carries out scenario plans inside the HTTP pipeline: the pre-routing hook counts the request,
// sleeps, applies profile edits, expires tokens and answers errors or drops the connection; the
// post-routing hook damages the response body (truncated or malformed) when the plan says so.
#include <thread>

#include "tools/server/http_util.h"
#include "tools/server/password_hash.h"
#include "tools/server/profile_service.h"
#include "tools/server/routes.h"

namespace trustdesk::server {
namespace {

// The body fault decided in the pre-routing hook for the request on this thread (httplib runs
// pre-routing, the handler and post-routing of one request on one thread).
thread_local std::optional<ScenarioAction> t_body_fault;

void DropAfterHeaders(httplib::Response& res, size_t claimed_length) {
  // Headers announce `claimed_length` bytes; the provider fails at once, so httplib closes the
  // connection and the client sees a connection dropped mid-response.
  res.set_content_provider(claimed_length, "application/json",
                           [](size_t, size_t, httplib::DataSink&) { return false; });
}

}  // namespace

httplib::Server::HandlerWithResponse ScenarioPreRouting(ServerState& state) {
  return [&state](const httplib::Request& req, httplib::Response& res) {
    t_body_fault.reset();
    if (req.path.rfind("/api/v1/admin", 0) == 0) return httplib::Server::HandlerResponse::Unhandled;
    ScenarioPlan plan = state.scenario.OnRequest(req.method, req.path);
    if (plan.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(plan.delay_ms));
    for (const auto& edit : plan.profile_edits) {
      auto saved = PatchProfile(state, edit.profile_id, edit.patch);
      if (!saved) {
        std::fprintf(stderr, "trustdesk-server: scenario profile_edit of %s failed: %s\n",
                     edit.profile_id.c_str(), saved.error().message.c_str());
      }
    }
    if (plan.expire_token) {
      std::string token = BearerToken(req);
      if (!token.empty()) (void)state.store->ExpireToken(Sha256Hex(token), state.Now() - 1);
    }
    if (plan.terminal) {
      const ScenarioRule& r = *plan.terminal;
      // The request body (if any) is not read: close the connection after answering.
      res.set_header("Connection", "close");
      if (r.action == ScenarioAction::Drop) {
        DropAfterHeaders(res, 1024);
      } else {
        if (r.retry_after) res.set_header("Retry-After", std::to_string(*r.retry_after));
        SendError(res, r.status, r.code, r.message);
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    t_body_fault = plan.body_fault;
    return httplib::Server::HandlerResponse::Unhandled;
  };
}

void ApplyScenarioBodyFault(const httplib::Request&, httplib::Response& res) {
  {
    if (!t_body_fault) return;
    ScenarioAction fault = *t_body_fault;
    t_body_fault.reset();
    if (res.body.empty()) {
      // A 304 has no body to damage: answer 200 with a list document instead, so the fault
      // reaches the client even when it already holds the current ETag.
      res.status = 200;
      res.headers.erase("ETag");
      res.set_content("{\"revision\":0,\"profiles\":[]}", "application/json");
    }
    if (fault == ScenarioAction::Malformed) {
      // Syntactically broken JSON of a plausible shape.
      res.set_content("{\"revision\": 7, \"profiles\": [{\"id\": \"broken\", \"name\": }",
                      "application/json");
      return;
    }
    std::string half = res.body.substr(0, res.body.size() / 2);
    size_t full = res.body.size();
    std::string type = res.get_header_value("Content-Type");
    res.body.clear();
    res.headers.erase("Content-Type");
    res.headers.erase("Content-Length");
    res.set_header("Connection", "close");
    res.set_content_provider(
        full, type.empty() ? "application/json" : type,
        [half](size_t offset, size_t, httplib::DataSink& sink) {
          if (offset < half.size()) {
            sink.write(half.data() + offset, half.size() - offset);
            return true;
          }
          return false;  // the rest never comes: the connection closes
        });
  }
}

Status ActivateScenario(ServerState& state, const nlohmann::json& doc) {
  auto scenario = ParseScenario(doc);
  if (!scenario) return scenario.error();
  for (const auto& edit : scenario->on_load) {
    auto saved = PatchProfile(state, edit.profile_id, edit.patch);
    if (!saved) {
      return Error(saved.error().code, "scenario '" + scenario->name + "' on_load profile_edit of '" +
                                           edit.profile_id + "': " + saved.error().message);
    }
  }
  state.clock->SetOffset(std::chrono::seconds(scenario->clock_offset_seconds));
  state.scenario.Load(std::move(*scenario));
  return Status::Ok();
}

void DeactivateScenario(ServerState& state) {
  state.scenario.Clear();
  state.clock->SetOffset(std::chrono::seconds(0));
}

}  // namespace trustdesk::server
