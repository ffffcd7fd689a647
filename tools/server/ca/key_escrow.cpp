#include "tools/server/ca/key_escrow.h"

#include <openssl/cms.h>
#include <openssl/pem.h>

#include "core/crypto/certificate.h"
#include "core/crypto/key_pair.h"

namespace trustdesk::server::ca {
namespace {

Result<KeyPair> OpenEnvelope(std::string_view cms_pem, const EscrowVault& vault) {
  if (cms_pem.size() > kMaxEscrowBytes) {
    return Error(ErrorCode::TooLarge, "cms_pem is larger than 256 KiB");
  }
  if (cms_pem.find("-----BEGIN CMS-----") == std::string_view::npos &&
      cms_pem.find("-----BEGIN PKCS7-----") == std::string_view::npos) {
    return Error(ErrorCode::Parse, "cms_pem: no '-----BEGIN CMS-----' block found");
  }
  ossl::BioPtr in(BIO_new_mem_buf(cms_pem.data(), static_cast<int>(cms_pem.size())));
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* der = nullptr;
  long der_len = 0;
  if (PEM_read_bio(in.get(), &name, &header, &der, &der_len) != 1) {
    return Error(ErrorCode::Parse, ossl::LastError("cms_pem: not valid PEM"));
  }
  const unsigned char* p = der;
  ossl::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, der_len));
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(der);
  if (!cms) return Error(ErrorCode::Parse, ossl::LastError("cms_pem: not a CMS structure"));
  int type = OBJ_obj2nid(CMS_get0_type(cms.get()));
  if (type != NID_pkcs7_enveloped && type != NID_id_smime_ct_authEnvelopedData) {
    return Error(ErrorCode::InvalidInput, std::string("cms_pem: content type is ") +
                                              OBJ_nid2sn(type) + ", expected EnvelopedData");
  }
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  if (CMS_decrypt(cms.get(), vault.key(), vault.certificate(), nullptr, out.get(), 0) != 1) {
    return Error(ErrorCode::InvalidInput,
                 ossl::LastError("cms_pem: cannot be opened with the escrow certificate's key "
                                 "(encrypted to another recipient?)"));
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  std::string content(data, static_cast<size_t>(len));
  auto key = content.find("-----BEGIN") != std::string::npos ? KeyPair::FromPem(content)
                                                             : KeyPair::FromPkcs8Der(content);
  if (!key) {
    return Error(ErrorCode::InvalidInput,
                 "cms_pem: the envelope does not hold a PKCS#8 private key: " +
                     key.error().message);
  }
  return key;
}

}  // namespace

Status CheckEscrowEnvelope(std::string_view cms_pem, const EscrowVault& vault,
                           std::string_view certificate_pem) {
  auto key = OpenEnvelope(cms_pem, vault);
  if (!key) return key.error();
  auto cert = Certificate::FromPem(certificate_pem);
  if (!cert) return cert.error();
  if (!key->SamePublicKey(X509_get0_pubkey(cert->get()))) {
    return Error(ErrorCode::InvalidInput,
                 "cms_pem: the escrowed key does not belong to this certificate");
  }
  return Status::Ok();
}

Result<std::string> RecoverEscrowedKey(std::string_view cms_pem, const EscrowVault& vault,
                                       std::string_view passphrase) {
  auto key = OpenEnvelope(cms_pem, vault);
  if (!key) return Error(ErrorCode::Internal, "stored escrow envelope: " + key.error().message);
  return key->ToPkcs8Pem(passphrase);
}

}  // namespace trustdesk::server::ca
