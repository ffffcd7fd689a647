#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/ui/certificate_details_cache.h"

using namespace trustdesk;
using namespace trustdesk::test;
using namespace std::chrono_literals;

namespace {

void OpenViewer(AppHarness& app, const char* common_name) {
  app.ui.nav.page = Page::Issued;
  app.harness.Step(2);
  REQUIRE(app.harness.Click(common_name));
}

// Lets the worker finish and draws the frames that show its result.
void WaitForDetails(AppHarness& app) {
  REQUIRE(app.ui.issued.details->WaitIdle(10s));
  app.harness.Step(2);
}

}  // namespace

TEST_CASE("Certificate viewer: reading, then every section of a real certificate") {
  AppHarness app(CertificatesSnapshot());
  std::atomic<int> wakes{0};
  app.ui.issued.details->SetWake([&] { ++wakes; });
  OpenViewer(app, "ana-laptop.acme.example");
  // The first frame only queued the parse; the worker may already be done by the next.
  const bool reading = app.harness.Find("Reading certificate\u2026") != nullptr;
  const bool parsed = app.harness.Find("EC P-256") != nullptr;
  CHECK((reading || parsed));
  WaitForDetails(app);
  CHECK(wakes.load() >= 1);
  CHECK(app.harness.Find("Reading certificate\u2026") == nullptr);

  for (const char* label : {"Subject", "Issuer", "Validity", "Key and usage", "Fingerprints",
                            "Issuing CA chain", "On this machine", "PEM", "SHA-256", "SHA-1"}) {
    CHECK_MESSAGE(app.harness.Find(label) != nullptr, label);
  }
  CHECK(app.harness.Find("EC P-256") != nullptr);
  CHECK(app.harness.Find("ana-laptop.acme.example") != nullptr);
  CHECK(app.harness.Find("Northwind Issuing CA") != nullptr);
  CHECK(app.harness.Find("10.20.30.40") != nullptr);  // IP SAN
  CHECK(app.harness.Find("X509v3 Subject Alternative Name") != nullptr);
  CHECK(app.harness.Find("Software key store") != nullptr);
  CHECK(app.harness.Find("3f:2a:91:c0:d4:e5:b6:a7:98:01:12:23:34:45:56:67") != nullptr);

  REQUIRE(app.harness.Click("Copy PEM"));
  REQUIRE_FALSE(app.clipboard.empty());
  CHECK(app.clipboard.back().rfind("-----BEGIN CERTIFICATE-----", 0) == 0);

  // Fold the sections above so the fingerprints scroll into view, as a person would.
  for (const char* section : {"General", "Subject", "Issuer", "Validity", "Key and usage",
                              "Extensions (6)", "Subject alternative names (3)"}) {
    REQUIRE_MESSAGE(app.harness.Click(section), section);
  }
  REQUIRE(app.harness.Click("Copy SHA-256"));
  CHECK(app.clipboard.back().size() == 95);  // 32 bytes as "AB:CD:…"

  // Parsed once, whatever the number of frames.
  app.harness.Step(5);
  CHECK(app.ui.issued.details->parses() == 1);

  REQUIRE(app.harness.Click("Close"));
  CHECK(app.harness.Find("Fingerprints") == nullptr);
}

TEST_CASE("Certificate viewer: a malformed PEM gets a clear error and what the server listed") {
  AppHarness app(CertificatesSnapshot());
  OpenViewer(app, "ana-tablet.acme.example");
  WaitForDetails(app);
  CHECK(app.harness.Find("This certificate could not be read") != nullptr);
  CHECK(app.harness.Find("CN=ana-tablet.acme.example,O=Acme Corp") != nullptr);
  // OpenSSL's error queue is there for support, folded away until asked for.
  REQUIRE(app.harness.Find("Technical details (for support)") != nullptr);
  const auto openssl_text = [&app] {
    for (const auto& item : app.harness.log().items()) {
      if (item.label.rfind("error:", 0) == 0) return true;
    }
    return false;
  };
  CHECK_FALSE(openssl_text());
  REQUIRE(app.harness.Click("Technical details (for support)"));
  app.harness.Step(2);
  CHECK(openssl_text());
  CHECK(app.harness.Find("Fingerprints") == nullptr);
}

TEST_CASE("Certificate viewer: a certificate only the inventory knows") {
  AppHarness app(CertificatesSnapshot());
  OpenViewer(app, "build-agent-7.acme.example");
  app.harness.Step(2);
  CHECK(app.harness.Find("/home/ana/certs/build-agent-7") != nullptr);
  const LoggedItem* copy = app.harness.Find("Copy PEM");
  REQUIRE(copy != nullptr);
  CHECK_FALSE(copy->enabled);
  CHECK(app.ui.issued.details->parses() == 0);
}

TEST_CASE("Certificate details cache: parses off the calling thread, once per serial, bounded") {
  std::atomic<int> calls{0};
  CertificateDetailsCache cache(
      [&](std::string_view pem) -> Result<CertificateInfo> {
        ++calls;
        if (pem == "bad") return Error(ErrorCode::Parse, "PEM: no certificate block");
        CertificateInfo info;
        info.public_key = std::string(pem);
        return info;
      },
      2);
  CHECK(cache.Get("01", "one").state == CertificateDetailsCache::State::Reading);
  CHECK(cache.Get("02", "bad").state == CertificateDetailsCache::State::Reading);
  REQUIRE(cache.WaitIdle(10s));
  auto one = cache.Get("01", "one");
  REQUIRE(one.state == CertificateDetailsCache::State::Ready);
  CHECK(one.info->public_key == "one");
  auto bad = cache.Get("02", "bad");
  CHECK(bad.state == CertificateDetailsCache::State::Failed);
  CHECK(bad.error == "PEM: no certificate block");
  CHECK(calls.load() == 2);

  // A third serial evicts the oldest; asking for it again parses it again.
  cache.Get("03", "three");
  REQUIRE(cache.WaitIdle(10s));
  CHECK(cache.Get("01", "one").state == CertificateDetailsCache::State::Reading);
  REQUIRE(cache.WaitIdle(10s));
  CHECK(cache.Get("01", "one").state == CertificateDetailsCache::State::Ready);
  CHECK(calls.load() == 4);
}
