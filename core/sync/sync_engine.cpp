// Sections: lifecycle · session · requests and waiting · the engine loop · one attempt.
#include "core/sync/sync_engine.h"

#include <algorithm>
#include <iostream>
#include <unordered_map>

#include "core/model/profile_diff.h"

namespace trustdesk {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

// When several requests are coalesced into one attempt, the record names the most deliberate.
int Priority(SyncTrigger t) {
  switch (t) {
    case SyncTrigger::Manual: return 5;
    case SyncTrigger::SignIn: return 4;
    case SyncTrigger::NetworkRestored: return 3;
    case SyncTrigger::Retry: return 2;
    case SyncTrigger::Scheduled: return 1;
  }
  return 0;
}

std::string Dump(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

struct BuiltProfiles {
  std::vector<ProfileEntry> entries;
  int changed = 0;  // new + changed + removed
};

// Pairs each received profile with its previous revision by ID and records what changed.
BuiltProfiles BuildEntries(const std::vector<ProfileEntry>& previous, ProfileList&& list) {
  std::unordered_map<std::string, const ProfileEntry*> old;
  old.reserve(previous.size());
  for (const ProfileEntry& e : previous) old.emplace(e.profile.id, &e);
  BuiltProfiles out;
  out.entries.reserve(list.profiles.size());
  for (std::size_t i = 0; i < list.profiles.size(); ++i) {
    ProfileEntry entry;
    entry.profile = std::move(list.profiles[i]);
    entry.raw_json = Dump(list.raw[i], -1);
    const auto it = old.find(entry.profile.id);
    if (it == old.end()) {
      entry.is_new = true;
      ++out.changed;
    } else {
      // Identical text means an identical profile; only differing ones are parsed and compared.
      if (it->second->raw_json != entry.raw_json) {
        const auto before = nlohmann::json::parse(it->second->raw_json, nullptr, false);
        entry.changes = DiffJson(before.is_discarded() ? nlohmann::json() : before, list.raw[i]);
        if (!entry.changes.empty()) ++out.changed;
      }
      old.erase(it);
    }
    out.entries.push_back(std::move(entry));
  }
  out.changed += static_cast<int>(old.size());  // removed by the admin
  return out;
}

}  // namespace

// --- lifecycle --------------------------------------------------------------------------------

SyncEngine::SyncEngine(SnapshotStore& store, const Clock& clock, SyncEngineOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      timeline_(options_.data_dir.empty() ? std::filesystem::path()
                                          : options_.data_dir / "sync-timeline.json",
                options_.timeline_capacity),
      schedule_(options_.settings, options_.seed) {
  if (!options_.data_dir.empty()) {
    cache_.emplace(options_.data_dir / "offline-cache");
    if (Status s = timeline_.Load(); !s) {
      Log("sync timeline ignored: " + s.error().message);
    }
  }
}

SyncEngine::~SyncEngine() { Stop(); }

void SyncEngine::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void SyncEngine::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncEngine::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "[trustdesk sync] " << line << "\n";
  }
}

// --- session ----------------------------------------------------------------------------------

uint64_t SyncEngine::Attach(SyncSession session) {
  const CacheKey key{session.server_url, session.account.id, session.username};
  std::optional<CachedSync> cached;
  if (cache_) {
    auto loaded = cache_->Load(key);
    if (loaded) {
      cached = std::move(loaded.value());
    } else if (loaded.error().code != ErrorCode::NotFound) {
      Log("offline cache ignored: " + loaded.error().message);
    }
  }
  // A session resumed offline knows only the account ID and user name; the cache knows more.
  if (cached && session.account.name.empty() && cached->account.id == session.account.id) {
    session.account = cached->account;
  }
  {
    std::lock_guard publish(publish_mutex_);
    {
      std::lock_guard lock(mutex_);
      session_ = session;
      // The first sync of a session is a full one unless the cached ETag may be trusted.
      conditional_ok_ = options_.conditional_first_sync && cached.has_value();
      schedule_.Clear();
      last_state_ = SyncState::NeverSynced;
      epoch_.fetch_add(1);
    }
    store_.Update([&](Snapshot& s) {
      s.account = session.account;
      s.server_url = session.server_url;
      s.sync = SyncStatus{};
      if (cached) {
        s.profiles = std::move(cached->profiles);
        s.issued = std::move(cached->issued);
        s.profiles_etag = cached->profiles_etag;
        s.profiles_revision = cached->profiles_revision;
        s.sync.last_synced = cached->last_synced;
        s.sync.data_from = cached->last_synced;
      } else {
        s.profiles.clear();
        s.issued.clear();
        s.profiles_etag.clear();
        s.profiles_revision = 0;
      }
    });
  }
  return Enqueue(SyncTrigger::SignIn);
}

void SyncEngine::Detach() {
  std::lock_guard publish(publish_mutex_);
  {
    std::lock_guard lock(mutex_);
    session_.reset();
    schedule_.Clear();
    last_state_ = SyncState::SignedOut;
    epoch_.fetch_add(1);
  }
  store_.Update([](Snapshot& s) {
    s.account.reset();
    s.profiles.clear();
    s.issued.clear();
    s.profiles_etag.clear();
    s.profiles_revision = 0;
    s.sync = SyncStatus{};
    s.sync.state = SyncState::SignedOut;
  });
}

void SyncEngine::UpdateAccount(const Account& account) {
  std::lock_guard publish(publish_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (!session_) return;
    session_->account = account;
  }
  store_.Update([&](Snapshot& s) { s.account = account; });
}

bool SyncEngine::Publish(uint64_t epoch, const std::function<void(Snapshot&)>& edit) {
  std::lock_guard publish(publish_mutex_);
  if (epoch_.load() != epoch) return false;  // signed out or another session meanwhile
  store_.Update(edit);
  return true;
}

// --- requests and waiting ---------------------------------------------------------------------

uint64_t SyncEngine::Enqueue(std::optional<SyncTrigger> trigger) {
  uint64_t ticket;
  {
    std::lock_guard lock(mutex_);
    ticket = next_ticket_++;
    queue_.push_back({trigger, ticket});
  }
  wake_.notify_all();
  return ticket;
}

SyncAttempt SyncEngine::Wait(uint64_t ticket) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return done_ticket_ >= ticket || !running_; });
  if (done_ticket_ < ticket) {
    SyncAttempt none;
    none.result = last_state_;
    none.message = "sync engine is not running";
    return none;
  }
  return last_attempt_;
}

void SyncEngine::RequestSync(SyncTrigger trigger) { Enqueue(trigger); }

SyncAttempt SyncEngine::SyncNow(SyncTrigger trigger) {
  SyncAttempt record = Wait(Enqueue(trigger));
  return record;
}

bool SyncEngine::RunDue() {
  const uint64_t ticket = Enqueue(std::nullopt);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return done_ticket_ >= ticket || !running_; });
  return done_ticket_ >= ticket && last_ran_;
}

void SyncEngine::NetworkAvailable() {
  bool offline;
  {
    std::lock_guard lock(mutex_);
    offline = session_ && last_state_ == SyncState::Offline;
  }
  if (offline) Enqueue(SyncTrigger::NetworkRestored);
}

void SyncEngine::SetInterval(std::chrono::minutes interval) {
  {
    std::lock_guard lock(mutex_);
    schedule_.SetInterval(clock_.Steady(), interval);
  }
  wake_.notify_all();  // the engine recomputes how long to sleep
}

std::optional<Timestamp> SyncEngine::NextSyncAt() const {
  std::lock_guard lock(mutex_);
  const auto due = schedule_.due();
  if (!due) return std::nullopt;
  const auto left = duration_cast<seconds>(*due - clock_.Steady());
  return Timestamp{clock_.Now().unix_seconds + std::max<int64_t>(0, left.count())};
}

int SyncEngine::ConsecutiveFailures() const {
  std::lock_guard lock(mutex_);
  return schedule_.consecutive_failures();
}

// --- the engine loop --------------------------------------------------------------------------

void SyncEngine::Run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    std::optional<SyncTrigger> trigger;
    uint64_t covered = 0;
    for (const Pending& p : queue_) {
      covered = std::max(covered, p.ticket);
      if (p.trigger && (!trigger || Priority(*p.trigger) > Priority(*trigger))) trigger = p.trigger;
    }
    queue_.clear();
    if (!trigger && session_ && schedule_.IsDue(clock_.Steady())) {
      trigger = schedule_.consecutive_failures() > 0 ? SyncTrigger::Retry : SyncTrigger::Scheduled;
    }

    bool ran = false;
    SyncAttempt record;
    if (trigger && session_) {
      lock.unlock();
      record = Attempt(*trigger);
      lock.lock();
      ran = true;
    } else if (trigger) {
      record.trigger = *trigger;
      record.started_at = clock_.Now();
      record.result = SyncState::SignedOut;
      record.message = "not signed in";
    }
    if (covered > 0) {
      done_ticket_ = covered;
      last_attempt_ = record;
      last_ran_ = ran;
      done_.notify_all();
    }
    if (!queue_.empty() || stop_) continue;

    // Sleep until the schedule is due or a request arrives. A minute at most, so a clock that
    // jumps (QA's time offset) is noticed without a request.
    auto wait = std::chrono::steady_clock::duration(std::chrono::minutes(1));
    if (session_ && schedule_.due()) {
      wait = std::clamp(*schedule_.due() - clock_.Steady(),
                        std::chrono::steady_clock::duration::zero(), wait);
    }
    wake_.wait_for(lock, wait, [&] { return stop_ || !queue_.empty(); });
  }
  // Release waiters: nothing more will run.
  running_ = false;
  done_ticket_ = next_ticket_ - 1;
  last_attempt_ = SyncAttempt{};
  last_attempt_.result = last_state_;
  last_attempt_.message = "sync engine stopped";
  last_ran_ = false;
  done_.notify_all();
}

// --- one attempt ------------------------------------------------------------------------------

SyncAttempt SyncEngine::Attempt(SyncTrigger trigger) {
  SyncSession session;
  uint64_t epoch;
  bool conditional;
  {
    std::lock_guard lock(mutex_);
    session = *session_;
    epoch = epoch_.load();
    conditional = conditional_ok_;
  }
  SyncAttempt record;
  record.trigger = trigger;
  record.started_at = clock_.Now();
  const auto t0 = clock_.Steady();

  Publish(epoch, [](Snapshot& s) {
    s.sync.state = SyncState::Syncing;
    s.sync.changed_profiles = 0;
    s.sync.failure_reason.clear();
    s.sync.retry_at.reset();
  });
  const std::shared_ptr<const Snapshot> before = store_.Current();

  CallInfo info;
  auto fetch = session.api->GetProfiles(session.token, conditional ? before->profiles_etag : "",
                                        &info);
  record.http_status = info.http_status;
  record.bytes = info.bytes;
  std::optional<Error> failure;
  std::optional<seconds> retry_after = info.retry_after;
  std::vector<IssuedCertificate> issued;
  if (!fetch) {
    failure = fetch.error();
  } else if (!fetch->not_modified) {
    CallInfo cert_info;
    auto certs = session.api->GetCertificates(session.token, &cert_info);
    record.bytes += cert_info.bytes;
    if (!certs) {
      failure = certs.error();
      retry_after = cert_info.retry_after;
      if (cert_info.http_status != 0) record.http_status = cert_info.http_status;
    } else {
      issued = std::move(certs.value());
    }
  }
  const Timestamp now = clock_.Now();
  record.duration_ms = duration_cast<milliseconds>(clock_.Steady() - t0).count();

  if (failure) {
    SyncStatus status;
    status.last_synced = before->sync.last_synced;
    status.data_from = before->sync.last_synced;
    status.failure_reason = failure->message;
    {
      std::lock_guard lock(mutex_);
      if (failure->code == ErrorCode::Auth) {
        status.state = SyncState::TokenExpired;
        schedule_.Clear();  // nothing to retry until the user signs in again
      } else {
        const bool offline = failure->code == ErrorCode::Network;
        status.state = offline ? SyncState::Offline : SyncState::Failed;
        const auto delay = schedule_.OnFailure(clock_.Steady(), retry_after, offline);
        status.retry_at = Timestamp{now.unix_seconds + delay.count()};
      }
      if (epoch_.load() == epoch) last_state_ = status.state;
    }
    Publish(epoch, [&](Snapshot& s) { s.sync = status; });
    record.result = status.state;
    record.revision = before->profiles_revision;
    record.message = failure->message;
    Log(std::string("sync (") + ToString(trigger) + ") " + ToString(status.state) + ": " +
        failure->message);
  } else {
    SyncStatus status;
    status.last_synced = now;
    status.data_from = now;
    int64_t revision = before->profiles_revision;
    const bool not_modified = fetch->not_modified;
    std::string etag = not_modified ? before->profiles_etag : fetch->etag;
    BuiltProfiles built;
    if (not_modified) {
      status.state = SyncState::UpToDate;
    } else {
      revision = fetch->list.revision;
      built = BuildEntries(before->profiles, std::move(fetch->list));
      status.changed_profiles = built.changed;
      status.state = built.changed > 0 ? SyncState::Updated : SyncState::UpToDate;
    }
    {
      std::lock_guard lock(mutex_);
      schedule_.OnSuccess(clock_.Steady());
      if (epoch_.load() == epoch) {
        conditional_ok_ = true;
        last_state_ = status.state;
      }
    }
    const bool published = Publish(epoch, [&](Snapshot& s) {
      s.sync = status;
      if (!not_modified) {
        s.profiles = std::move(built.entries);
        s.issued = std::move(issued);
        s.profiles_etag = etag;
        s.profiles_revision = revision;
      }
    });
    if (published && !not_modified && cache_) {
      const auto snapshot = store_.Current();
      const CacheKey key{session.server_url, session.account.id, session.username};
      if (Status s = cache_->Save(key, *snapshot, now); !s) {
        Log("offline cache not saved: " + s.error().message);
      }
    }
    record.result = status.state;
    record.changed_profiles = status.changed_profiles;
    record.revision = revision;
  }
  if (Status s = timeline_.Add(record); !s) Log("sync timeline not saved: " + s.error().message);
  return record;
}

}  // namespace trustdesk
