#include "tools/server/escrow_setup.h"

#include "tools/server/ca/escrow_vault.h"
#include "tools/server/file_util.h"
#include "tools/server/password_hash.h"

namespace trustdesk::server {

Result<std::string> CheckEscrowPassphrase(std::string passphrase, const std::string& source) {
  if (passphrase.size() < kMinEscrowPassphraseChars) {
    return Error(ErrorCode::InvalidInput, source + ": the escrow passphrase must be at least " +
                                              std::to_string(kMinEscrowPassphraseChars) +
                                              " characters");
  }
  if (passphrase.size() > 1024) {
    return Error(ErrorCode::InvalidInput, source + ": the escrow passphrase is over 1024 bytes");
  }
  return passphrase;
}

Result<std::string> ReadEscrowPassphraseFile(const std::filesystem::path& file) {
  auto text = ReadFileLimited(file, 4096);
  if (!text) return text.error();
  std::string line = text->substr(0, text->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return CheckEscrowPassphrase(std::move(line), file.string());
}

std::filesystem::path DemoEscrowPassphraseFile(const std::filesystem::path& data_dir) {
  std::filesystem::path dir = data_dir.lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "data/" → "data"
  return dir.parent_path() / (dir.filename().string() + ".escrow-passphrase");
}

Result<std::string> LoadOrCreateDemoEscrowPassphrase(const std::filesystem::path& data_dir) {
  const auto file = DemoEscrowPassphraseFile(data_dir);
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return ReadEscrowPassphraseFile(file);
  auto passphrase = RandomToken(32);
  if (!passphrase) return passphrase.error();
  if (Status st = WriteFileAtomic(file, *passphrase + "\n", 0600); !st) return st.error();
  return passphrase;
}

Status StartKeyEscrow(ServerState& state) {
  const auto ca_dir = state.options.data_dir / "ca";
  std::optional<std::string> passphrase = state.options.escrow_passphrase;
  if (!passphrase && state.options.demo) {
    auto demo = LoadOrCreateDemoEscrowPassphrase(state.options.data_dir);
    if (!demo) return demo.error();
    passphrase = std::move(*demo);
    state.notices.push_back("key escrow: demo passphrase in " +
                            DemoEscrowPassphraseFile(state.options.data_dir).string() +
                            " (demo data only; give --escrow-passphrase-file for real keys)");
  }
  if (!passphrase) {
    state.notices.push_back(
        "key escrow is off: no escrow passphrase (give --escrow-passphrase-file PATH or " +
        std::string(kEscrowPassphraseVariable) +
        "); escrow uploads and recoveries answer 503 escrow_not_configured");
    if (ca::EscrowVault::HasPlaintextKey(ca_dir)) {
      state.notices.push_back((ca_dir / ca::EscrowVault::kLegacyPlaintextKeyFile).string() +
                              " holds the escrow key unencrypted: start once with an escrow "
                              "passphrase to encrypt it");
    }
    return Status::Ok();
  }
  // Dated by the real clock, like the CA certificates (not a scenario offset).
  auto vault = ca::EscrowVault::Open(ca_dir, *passphrase, state.options.escrow_key_iterations,
                                     *state.ca, SystemClock::Instance().Now());
  if (!vault) return Error(vault.error().code, "key escrow: " + vault.error().message);
  state.escrow = std::move(*vault);
  return Status::Ok();
}

}  // namespace trustdesk::server
