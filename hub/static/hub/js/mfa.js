// Once a passkey is registered (django-otp-webauthn's event), go on to the recovery codes the server just issued.
document.addEventListener("otp_webauthn.register_complete", () => {
  const after = document.querySelector("[data-mfa-after-passkey]");
  if (after) {
    window.location.assign(after.dataset.mfaAfterPasskey);
  }
});
