// Runs the Workspace for the window: opens it on a start-up thread (reading the offline cache and
// files must not delay the first frame), starts the demo workspace's server when there is no real
// session to resume, and forwards the views' workspace commands without ever blocking a frame.
// Until the workspace is open, Current() is a start-up snapshot whose session_op says what is
// happening; commands issued meanwhile are queued and run once it is open.
#pragma once

#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "app/services/demo_server.h"
#include "app/ui/commands.h"
#include "core/state/snapshot_store.h"
#include "core/util/clock.h"
#include "core/workspace/task_thread.h"
#include "core/workspace/workspace.h"

namespace trustdesk {

struct WorkspaceHostOptions {
  std::filesystem::path data_dir;     // empty = per-user directories
  const Clock* clock = nullptr;       // null = system clock; must outlive the host
  bool allow_demo = true;             // start the demo workspace when no session is remembered
  std::function<void()> wake;         // called after every publish (glfwPostEmptyEvent)
};

class WorkspaceHost {
 public:
  explicit WorkspaceHost(WorkspaceHostOptions options);
  ~WorkspaceHost();  // stops the workspace first, then the demo server
  WorkspaceHost(const WorkspaceHost&) = delete;
  WorkspaceHost& operator=(const WorkspaceHost&) = delete;

  // The snapshot to draw this frame; never null.
  std::shared_ptr<const Snapshot> Current() const;
  // Queues a workspace command (see IsWorkspaceCommand); never blocks.
  void Forward(Command command);
  // True once the workspace is open (or failed to open; the start-up snapshot then says why).
  bool ready() const { return ready_.load(); }
  // The open workspace, or null (tests, settings changes).
  Workspace* workspace() const { return ready_.load() ? workspace_.get() : nullptr; }
  // Blocks until start-up and every command forwarded so far have been handed to the workspace
  // and it is idle (tests only).
  void WaitIdle();

 private:
  void StartUp();
  void Run(Command command);
  // Starts the demo server (once) and signs in to it; on the host's task thread.
  void OpenDemo();
  bool IsDemoSession(const SessionIdentity& identity) const;
  void PublishStartup(OperationStatus status);
  // Shows a start-up step or error where the sign-in screen reads it.
  void SetSessionOp(OperationStatus status);

  WorkspaceHostOptions options_;
  const Clock& clock_;
  SnapshotStore startup_store_;             // shown until the workspace is open
  std::unique_ptr<Workspace> workspace_;    // written once by the task thread before ready_
  std::unique_ptr<DemoServer> demo_;        // only touched on the task thread
  std::filesystem::path demo_dir_;          // the demo server's data directory
  std::atomic<bool> ready_{false};

  std::mutex mutex_;                        // guards queued_ and the ready_ transition
  std::deque<Command> queued_;              // commands forwarded before the workspace was open
  TaskThread tasks_;                        // start-up and the demo server's start
};

}  // namespace trustdesk
