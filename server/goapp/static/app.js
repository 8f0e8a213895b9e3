// Postbridge's app.js for go-app v9.8.0 pages started by runGo
// (server/goapp). go-app's own app.js starts the wasm with wasm_exec.js's
// Go class; package bridge needs the shell that runGo in
// /postbridge/postbridge.js gives it instead. This file keeps the rest of
// go-app's contract: every window function go-app's Go side calls.
//
// | name                             | who calls it                          | here                        |
// |----------------------------------|---------------------------------------|-----------------------------|
// | goappGetenv(k)                   | app.Getenv; RunWhenOnBrowser at start | the server's environment    |
// | goappKeepBodyClean()             | app.KeepBodyClean                     | as go-app's                 |
// | goappNav, goappOnUpdate,         | set by RunWhenOnBrowser; called by    | placeholders until Go runs  |
// |   goappOnAppInstallChange        |   this page's events                  |                             |
// | goappIsAppInstallable/Installed  | ctx.IsAppInstallable/IsAppInstalled   | false: a framed page        |
// | goappShowInstallPrompt()         | ctx.ShowAppInstallPrompt (guarded)    | does nothing                |
// | goappNewNotification,            | ctx.Notifications()                   | refused: no service worker  |
// |   goappSubscribePushNotifications|                                       |                             |
//
// No service worker is registered: the page is framed, never installed,
// and a cache would outlive the server build it matches. The loading
// screen is removed by the Go side once it runs (wasm/goapp).
var goappNav = function () {};
var goappOnUpdate = function () {};
var goappOnAppInstallChange = function () {};

const goappEnv = {{.Env}};

function goappGetenv(k) {
  return goappEnv[k];
}

function goappKeepBodyClean() {
  const body = document.body;
  const count = body.children.length;
  const observer = new MutationObserver(() => {
    while (body.children.length > count) body.removeChild(body.lastChild);
  });
  observer.observe(body, { childList: true });
  return () => observer.disconnect();
}

function goappIsAppInstallable() {
  return false;
}

function goappIsAppInstalled() {
  return false;
}

function goappShowInstallPrompt() {}

function goappNewNotification() {
  throw new Error("notifications are not available on this page");
}

async function goappSubscribePushNotifications() {
  return "";
}

// A classic script (go-app's page loads app.js with <script defer>), so
// the loader comes in through a dynamic import.
import("/postbridge/postbridge.js")
  .then(({ runGo }) => runGo({{.Wasm}}))
  .catch((err) => {
    const label = document.getElementById("app-wasm-loader-label");
    if (label) label.textContent = "loading the page failed: " + err;
    console.error("goapp: loading the wasm failed:", err);
  });
