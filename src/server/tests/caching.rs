//! How long browsers keep what the portal sends: the built client by its content-hashed
//! names for a year, other files revalidated, pages private and asked for again.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::Role;

const JS: &str = "planning_portal.0123456789abcdef.js";
const WASM: &str = "planning_portal.fedcba9876543210.wasm";
const CSS: &str = "planning_portal.00112233aabbccdd.css";

/// A built site as `scripts/build-site.mjs` lays it out, in a directory of its own.
fn built_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("ps-site-{}", uuid::Uuid::new_v4().simple()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, content) in [(JS, "export default () => {}"), (WASM, "\0asm"), (CSS, "body{}")] {
        std::fs::write(pkg.join(name), content).unwrap();
    }
    std::fs::write(pkg.join("assets.json"), format!(r#"{{"js":"{JS}","wasm":"{WASM}","css":"{CSS}"}}"#)).unwrap();
    std::fs::write(root.join("favicon.svg"), "<svg/>").unwrap();
    root
}

fn cache_control(response: &super::helpers::TestResponse) -> &str {
    response.headers.get("cache-control").and_then(|value| value.to_str().ok()).unwrap_or("")
}

on_both_backends! {
    async fn the_client_is_kept_for_a_year_and_pages_are_asked_for_again(app: TestApp) {
        let root = built_site();
        let app = app.serving_site(&root);
        for name in [JS, WASM, CSS] {
            let file = app.get(&format!("/pkg/{name}"), None).await;
            assert_eq!(file.status, 200, "{name}");
            assert_eq!(cache_control(&file), "public, max-age=31536000, immutable", "{name}");
        }
        let favicon = app.get("/favicon.svg", None).await;
        assert_eq!((favicon.status.as_u16(), cache_control(&favicon)), (200, "no-cache"), "a name that stays: revalidated");
        let gone = app.get("/pkg/planning_portal.0000000000000000.js", None).await;
        assert_eq!(gone.status, 404);
        assert_ne!(cache_control(&gone), "public, max-age=31536000, immutable", "an unknown name is kept nowhere");

        let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
        for page in [app.get("/sign-in", None).await, app.get("/vouchers", Some(&cookie)).await] {
            assert_eq!(page.status, 200);
            assert_eq!(cache_control(&page), "private, no-cache", "a page is one person's and always fresh");
            for name in [JS, WASM, CSS] {
                assert!(page.body.contains(&format!("/pkg/{name}")), "the page loads {name}: {:.600}", page.body);
            }
            assert!(page.body.contains(&format!(r#"<link rel="modulepreload" href="/pkg/{JS}" crossorigin="anonymous""#)));
            assert!(page.body.contains(&format!(r#"href="/pkg/{WASM}" as="fetch" type="application/wasm" crossorigin="anonymous""#)));
        }
        let call = app.call("list_agreements", &[], Some(&cookie)).await;
        assert_eq!(cache_control(&call), "private, no-cache", "a server function's answer is one person's");
        std::fs::remove_dir_all(root).ok();
    }
}
