// The escrow private key at rest: encrypted PKCS#8 under the operator's passphrase, never a
// plaintext file; escrow is off without a passphrase; an old plaintext key is migrated.
#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto/certificate.h"
#include "core/crypto/key_pair.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"
#include "tools/server/ca/escrow_vault.h"
#include "tools/server/escrow_setup.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

std::string ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// True when `text` holds an unencrypted PEM private key whose public half is `pub`.
bool HoldsPlaintextKeyOf(const std::string& text, EVP_PKEY* pub) {
  for (const char* marker : {"-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----"}) {
    auto at = text.find(marker);
    if (at == std::string::npos) continue;
    ossl::BioPtr bio(BIO_new_mem_buf(text.data() + at, static_cast<int>(text.size() - at)));
    auto no_passphrase = [](char*, int, int, void*) { return -1; };
    ossl::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    if (key && EVP_PKEY_eq(key.get(), pub) == 1) return true;
  }
  return false;
}

// The PBKDF2 iteration count of an encrypted PKCS#8 PEM whose PRF is HMAC-SHA256, or -1.
long Pbkdf2Sha256Iterations(const std::string& pem) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>> sig(
      PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr));
  if (!sig) return -1;
  const X509_ALGOR* alg = nullptr;
  X509_SIG_get0(sig.get(), &alg, nullptr);
  if (OBJ_obj2nid(alg->algorithm) != NID_pbes2) return -1;
  std::unique_ptr<PBE2PARAM, ossl::Deleter<PBE2PARAM_free>> pbe2(static_cast<PBE2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)));
  if (!pbe2 || OBJ_obj2nid(pbe2->keyfunc->algorithm) != NID_id_pbkdf2) return -1;
  std::unique_ptr<PBKDF2PARAM, ossl::Deleter<PBKDF2PARAM_free>> kdf(static_cast<PBKDF2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
  if (!kdf || !kdf->prf || OBJ_obj2nid(kdf->prf->algorithm) != NID_hmacWithSHA256) return -1;
  return ASN1_INTEGER_get(kdf->iter);
}

unsigned Mode(const std::filesystem::path& file) {
  return static_cast<unsigned>(std::filesystem::status(file).permissions()) & 0777u;
}

const std::filesystem::path kEncryptedKey =
    std::filesystem::path("data") / "ca" / server::ca::EscrowVault::kEncryptedKeyFile;
const std::filesystem::path kPlaintextKey = std::filesystem::path("data") / "ca" / "escrow.key";

bool HasNote(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& n : notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("security: the escrow private key is never stored unencrypted") {
  // The production KDF cost, to check it on disk.
  TestServer server(TestServerOptions{}, TestEscrowOptions{std::nullopt, 600000});
  auto client = server.Client();
  const std::string token = server.SignIn("demo", "demo");
  auto escrow = Call(*client, "GET", "/api/v1/escrow/certificate", token);
  REQUIRE_MESSAGE(escrow.status == 200, escrow.body);
  auto cert = Certificate::FromPem(escrow.json["certificate_pem"].get<std::string>());
  REQUIRE(cert.ok());
  EVP_PKEY* pub = X509_get0_pubkey(cert->get());

  // Everything the server wrote: its data directory and what lies beside it.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server.data_dir())) {
    if (!entry.is_regular_file()) continue;
    CHECK_MESSAGE(!HoldsPlaintextKeyOf(ReadAll(entry.path()), pub),
                  entry.path().string() << " holds the escrow private key unencrypted");
  }

  // Instead: encrypted PKCS#8, PBKDF2-HMAC-SHA256 at 600,000 iterations, owner-only, under the
  // demo's random passphrase kept beside (not inside) the data directory.
  const auto encrypted = server.data_dir() / kEncryptedKey;
  REQUIRE(std::filesystem::exists(encrypted));
  CHECK(Mode(encrypted) == 0600);
  const std::string pem = ReadAll(encrypted);
  CHECK(Pbkdf2Sha256Iterations(pem) >= 600000);
  const auto passphrase_file = server::DemoEscrowPassphraseFile(server.data_dir() / "data");
  CHECK(passphrase_file.parent_path() == server.data_dir());
  CHECK(Mode(passphrase_file) == 0600);
  auto passphrase = server::ReadEscrowPassphraseFile(passphrase_file);
  REQUIRE(passphrase.ok());
  auto key = server::ca::DecryptPrivateKeyPem(pem, *passphrase, "escrow key");
  REQUIRE(key.ok());
  CHECK(EVP_PKEY_eq(key->get(), pub) == 1);
  CHECK_FALSE(server::ca::DecryptPrivateKeyPem(pem, "not the passphrase", "escrow key").ok());
}

TEST_CASE("security: without an escrow passphrase key escrow is off and says why") {
  TestServer server(TestServerOptions{false, std::nullopt, nullptr});
  auto client = server.Client();
  const std::string admin = server.admin_token();
  REQUIRE(Call(*client, "PUT", "/api/v1/admin/accounts/acme", admin, {{"name", "Acme"}}).status ==
          200);
  REQUIRE(Call(*client, "POST", "/api/v1/admin/accounts/acme/users", admin,
               {{"username", "erin"}, {"password", "erin-pass-1"}})
              .status == 201);
  const std::string token = server.SignIn("erin", "erin-pass-1", "acme");

  auto cert = Call(*client, "GET", "/api/v1/escrow/certificate", token);
  CHECK(cert.status == 503);
  CHECK(cert.ErrorCode() == "escrow_not_configured");
  auto upload = Call(*client, "POST", "/api/v1/certificates/0a1b/escrow", token,
                     {{"cms_pem", "-----BEGIN CMS-----\nAAAA\n-----END CMS-----\n"}});
  CHECK(upload.status == 503);
  CHECK(upload.ErrorCode() == "escrow_not_configured");
  CHECK(HasNote(server.server().notices(), "key escrow is off"));
  CHECK_FALSE(std::filesystem::exists(server.data_dir() / kEncryptedKey));
}

TEST_CASE("security: a plaintext escrow key from an older server is encrypted and removed") {
  const std::string passphrase = "operator escrow passphrase";
  TestServer server(TestServerOptions{}, TestEscrowOptions{passphrase});
  auto client = server.Client();
  const std::string token = server.SignIn("demo", "demo");
  TestCsr csr = MakeCsr({"RSA:2048", {}, {}});
  auto issued = Call(*client, "POST", "/api/v1/profiles/nw-smime-encryption/enroll", token,
                     {{"csr_pem", csr.csr_pem}});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  const std::string serial = issued.json["certificate"]["serial"];
  std::string recipient =
      Call(*client, "GET", "/api/v1/escrow/certificate", token).json["certificate_pem"];
  REQUIRE(Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
               {{"cms_pem", EnvelopeKey(csr.key.get(), recipient)}})
              .status == 204);
  // The operator's passphrase is used: no demo passphrase file.
  CHECK_FALSE(
      std::filesystem::exists(server::DemoEscrowPassphraseFile(server.data_dir() / "data")));
  server.Stop();

  // The layout of an older server: the same key, unencrypted, in escrow.key.
  auto key = server::ca::DecryptPrivateKeyPem(ReadAll(server.data_dir() / kEncryptedKey),
                                              passphrase, "escrow key");
  REQUIRE(key.ok());
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PKCS8PrivateKey(out.get(), key->get(), nullptr, nullptr, 0, nullptr,
                                        nullptr) == 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  {
    std::ofstream plain(server.data_dir() / kPlaintextKey, std::ios::binary);
    plain.write(data, len);
  }
  std::filesystem::remove(server.data_dir() / kEncryptedKey);

  // Without a passphrase nothing changes, and the operator is told.
  server::ServerOptions o;
  o.data_dir = server.data_dir() / "data";
  o.password_hash_iterations = 1000;
  o.threads = 4;
  {
    auto off = server::Server::Start(o);
    REQUIRE(off.ok());
    CHECK(HasNote(off.value()->notices(), "holds the escrow key unencrypted"));
  }
  CHECK(std::filesystem::exists(server.data_dir() / kPlaintextKey));

  // With it: encrypted, checked, and only then the plaintext file is gone.
  o.escrow_passphrase = passphrase;
  o.escrow_key_iterations = 1000;
  {
    auto on = server::Server::Start(o);
    REQUIRE_MESSAGE(on.ok(), (on.ok() ? "" : on.error().message));
  }
  CHECK_FALSE(std::filesystem::exists(server.data_dir() / kPlaintextKey));
  REQUIRE(std::filesystem::exists(server.data_dir() / kEncryptedKey));
  CHECK(Mode(server.data_dir() / kEncryptedKey) == 0600);

  // A wrong passphrase does not start a server that could not open a single escrowed key.
  o.escrow_passphrase = "a different passphrase";
  auto wrong = server::Server::Start(o);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("escrow passphrase") != std::string::npos);

  // The key escrowed before the migration still comes back.
  server.Restart();
  client = server.Client();
  const std::string again = server.SignIn("demo", "demo");
  auto recovered = Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", again,
                        {{"passphrase", "correct horse battery"}, {"password", "demo"}});
  REQUIRE_MESSAGE(recovered.status == 200, recovered.body);
  auto back = KeyPair::FromPem(recovered.json["encrypted_private_key_pem"].get<std::string>(),
                               "correct horse battery");
  REQUIRE(back.ok());
  CHECK(back->SamePublicKey(csr.key.get()));
}
