// Background actions (SPEC §7) against the in-process server on one injected clock: the daily slot
// picked in the first hour and kept, auto-enroll into PEM files, nothing to do the second time,
// auto-renew once the clock enters the renewal window, back-off after a failure that a manual run
// ignores, never two passes at once, the pass after sign-in, and the Activity entries of all.
#include <doctest/doctest.h>

#include "core/util/file_lock.h"
#include "core/workspace/background_planner.h"
#include "tests/integration/support/workspace_fixture.h"

using namespace trustdesk;
using namespace trustdesk::testing;
using std::chrono::hours;

namespace {

constexpr int64_t kDay = 86400;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const ActivityEntry* LastBackgroundEntry(const Snapshot& s) {
  const ActivityEntry* found = nullptr;
  for (const auto& e : s.activity) {
    if (e.kind == ActivityKind::BackgroundAction) found = &e;
  }
  return found;
}

// A demo-user workspace on `clock`, the server on the same clock.
struct Fixture {
  OffsetClock clock;
  TestServer server;
  TempDir dir;
  std::unique_ptr<Workspace> ws;

  explicit Fixture(bool after_sign_in = false)
      : server([this] {
          TestServerOptions o;
          o.clock = &clock;
          return o;
        }()) {
    auto options = MakeWorkspaceOptions(dir.path(), std::make_shared<MemorySecretStore>(), &clock);
    options.flags.background_after_sign_in = after_sign_in;
    auto opened = Workspace::Open(options);
    REQUIRE_MESSAGE(opened, opened.error().message);
    ws = std::move(opened.value());
  }
  void SignIn() {
    auto out = ws->SignIn(MakeSignIn(server, "demo", "demo"));
    REQUIRE_MESSAGE(out, out.error().message);
    const SyncAttempt first = ws->WaitForSync(out->sync_ticket);
    REQUIRE_MESSAGE((first.result == SyncState::Updated || first.result == SyncState::UpToDate),
                    first.message);
  }
  std::vector<InventoryEntry> Installed(const std::string& profile) {
    std::vector<InventoryEntry> out;
    for (const auto& e : ws->inventory().Entries()) {
      if (e.profile_id == profile) out.push_back(e);
    }
    return out;
  }
};

}  // namespace

TEST_CASE("background schedule: a daily slot in the first hour, kept, with back-off") {
  TempDir dir;
  const Timestamp t0{1'800'000'000};
  BackgroundSchedule schedule(dir.path() / "background.json", /*seed=*/3);
  auto first = schedule.LoadOrCreate(t0);
  REQUIRE(first);
  CHECK(first->first_start == t0);
  CHECK(first->slot_offset_seconds >= 0);
  CHECK(first->slot_offset_seconds < 3600);
  const Timestamp slot = NextDailySlot(*first);
  CHECK(slot.unix_seconds == t0.unix_seconds + first->slot_offset_seconds);

  // Reopening (another process, another seed) keeps the slot.
  BackgroundSchedule again(dir.path() / "background.json", /*seed=*/99);
  auto kept = again.LoadOrCreate(Timestamp{t0.unix_seconds + 5 * kDay});
  REQUIRE(kept);
  CHECK(*kept == *first);

  CHECK_FALSE(*schedule.IsDue(Timestamp{slot.unix_seconds - 1}));
  CHECK(*schedule.IsDue(slot));
  // Ran (late) on day 3: the next slot is day 4's, at the same time of day.
  const Timestamp ran{slot.unix_seconds + 3 * kDay + 7200};
  auto after = schedule.RecordRun(BackgroundTrigger::Scheduled, ran, false, ran);
  REQUIRE(after);
  CHECK(NextDailySlot(*after).unix_seconds == slot.unix_seconds + 4 * kDay);

  // Failures back off 15 min, 30 min, 1 h … at most a day; the scheduled run waits for it.
  CHECK(BackoffSeconds(1) == 900);
  CHECK(BackoffSeconds(2) == 1800);
  CHECK(BackoffSeconds(3) == 3600);
  CHECK(BackoffSeconds(20) == kDay);
  const Timestamp failed_at{slot.unix_seconds + 4 * kDay + 10};
  auto failed = schedule.RecordRun(BackgroundTrigger::Scheduled, failed_at, true, failed_at);
  REQUIRE(failed);
  CHECK(failed->consecutive_failures == 1);
  REQUIRE(failed->backoff_until);
  CHECK(failed->backoff_until->unix_seconds == failed_at.unix_seconds + 900);
  CHECK(*schedule.MayRun(BackgroundTrigger::Manual, failed_at));
  CHECK_FALSE(*schedule.MayRun(BackgroundTrigger::SignIn, failed_at));
  CHECK(*schedule.MayRun(BackgroundTrigger::SignIn, *failed->backoff_until));
  auto ok = schedule.RecordRun(BackgroundTrigger::Manual, failed_at, false, failed_at);
  REQUIRE(ok);
  CHECK(ok->consecutive_failures == 0);
  CHECK_FALSE(ok->backoff_until);
}

TEST_CASE("background actions: auto-enroll, nothing to do, then auto-renew in the window") {
  Fixture f;
  f.SignIn();
  CHECK(f.ws->NextBackgroundRun().has_value());

  const BackgroundReport first = f.ws->RunBackgroundActions();
  REQUIRE(first.ran);
  CHECK(first.failed == 0);
  REQUIRE(first.done == 1);  // nw-client-auth: automatic into PEM files
  CHECK(first.skipped >= 5);  // PIN, passphrase, OS store or incompatible: left to the user
  auto installed = f.Installed("nw-client-auth");
  REQUIRE(installed.size() == 1);
  CHECK(installed[0].store == KeyStoreKind::Pem);
  CHECK(std::filesystem::exists(std::filesystem::path(installed[0].location) / "key.pem"));
  CHECK((std::filesystem::status(std::filesystem::path(installed[0].location) / "key.pem")
             .permissions() &
         std::filesystem::perms::all) == (std::filesystem::perms::owner_read |
                                          std::filesystem::perms::owner_write));
  const std::string first_serial = installed[0].serial;
  auto s = f.ws->Current();
  const ActivityEntry* entry = LastBackgroundEntry(*s);
  REQUIRE(entry);
  CHECK(entry->title == "Background actions (manual): 1 enrolled, " +
                            std::to_string(first.skipped) + " need you");
  CHECK(entry->outcome == ActivityOutcome::Succeeded);
  CHECK(Contains(entry->detail, "Enroll Engineering Client Authentication: done"));
  CHECK(Contains(entry->detail, "requires TrustDesk 3.0 or newer"));
  CHECK(s->installed.size() == 1);

  // Again: the certificate is valid and outside its window, nothing is enrolled twice.
  REQUIRE(f.ws->Sync());
  const BackgroundReport second = f.ws->RunBackgroundActions();
  CHECK(second.ran);
  CHECK(second.done == 0);
  CHECK(f.Installed("nw-client-auth").size() == 1);

  // 140 of 180 days later the window (last 25 % of the lifetime) is open. The scheduled pass is
  // due (the daily slot has passed); it renews the certificate.
  f.clock.Advance(hours(24 * 140));
  f.SignIn();  // the old token has long expired
  CHECK(f.ws->RunDueBackgroundActions());
  installed = f.Installed("nw-client-auth");
  REQUIRE(installed.size() == 1);
  CHECK(installed[0].serial != first_serial);
  s = f.ws->Current();
  entry = LastBackgroundEntry(*s);
  REQUIRE(entry);
  CHECK(Contains(entry->title, "Background actions (scheduled): 1 renewed"));
  // Not due again until tomorrow's slot.
  CHECK_FALSE(f.ws->RunDueBackgroundActions());
  CHECK(f.ws->NextBackgroundRun()->unix_seconds > f.clock.Now().unix_seconds);
}

TEST_CASE("background actions: a failed pass backs off, a manual pass ignores the back-off") {
  Fixture f;
  f.SignIn();
  f.server.Stop();  // every job fails at its first server call
  const int64_t before_failure = f.clock.Now().unix_seconds;
  const BackgroundReport failed = f.ws->RunBackgroundActions(BackgroundTrigger::SignIn);
  REQUIRE(failed.ran);
  CHECK(failed.failed == 1);
  const ActivityEntry* entry = LastBackgroundEntry(*f.ws->Current());
  REQUIRE(entry);
  CHECK(entry->outcome == ActivityOutcome::Failed);

  const BackgroundReport backing_off = f.ws->RunBackgroundActions(BackgroundTrigger::SignIn);
  CHECK_FALSE(backing_off.ran);
  CHECK(Contains(backing_off.not_run_reason, "backing off after 1 failed run(s) until"));
  // 15 minutes from the end of the failed pass, however long the file writes since took.
  CHECK(f.ws->NextBackgroundRun()->unix_seconds >= before_failure + 900);

  const BackgroundReport manual = f.ws->RunBackgroundActions(BackgroundTrigger::Manual);
  CHECK(manual.ran);  // and fails again: the server is still down
  CHECK(manual.failed == 1);
}

TEST_CASE("background actions: never two passes at once, not even across processes") {
  Fixture f;
  f.SignIn();
  auto held = FileLock::Acquire(f.ws->paths().dirs.data / "background.run.lock");
  REQUIRE(held);
  const BackgroundReport blocked = f.ws->RunBackgroundActions();
  CHECK_FALSE(blocked.ran);
  CHECK(blocked.not_run_reason == "background actions are already running in another TrustDesk");
  f.ws->RunBackgroundActionsAsync();
  f.ws->WaitIdle();
  CHECK(f.ws->Current()->background_op.error ==
        "background actions are already running in another TrustDesk");
  CHECK(f.Installed("nw-client-auth").empty());
}

TEST_CASE("background actions: a pass runs after sign-in and reports in background_op on demand") {
  Fixture f(/*after_sign_in=*/true);
  f.SignIn();
  f.ws->WaitIdle();
  const ActivityEntry* entry = LastBackgroundEntry(*f.ws->Current());
  REQUIRE(entry);
  CHECK(Contains(entry->title, "Background actions (sign_in): 1 enrolled"));
  CHECK(f.Installed("nw-client-auth").size() == 1);

  f.ws->Dispatch(RunBackgroundActionsAction{});
  f.ws->WaitIdle();
  const auto s = f.ws->Current();
  CHECK_FALSE(s->background_op.busy);
  CHECK(s->background_op.error.empty());
  CHECK(Contains(s->background_op.message, "Background actions: "));
  CHECK(Contains(s->background_op.message, "need you"));
}
