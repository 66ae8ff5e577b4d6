//! The HTML shell, the app root and the route table (one group per flow).

use crate::components::layout::{Header, NotFound, SkipLink};
use crate::flows::audit::AuditLogPage;
use crate::flows::auth::{session::provide_session, InvitationPage, SignInPage, SignUpPage};
use crate::flows::benefits::AgreementsPage;
use crate::flows::catalogue::CataloguePage;
use crate::flows::claims::{ClaimsPage, ReviewPage};
use crate::flows::dashboard::{DashboardPage, HomePage};
use crate::flows::directory::{DirectoryRoute, PartnerProfileRoute};
use crate::flows::onboarding::{ExamsPage, OnboardingResume, OnboardingStepPage};
use crate::flows::outbox::OutboxPage;
use crate::flows::reports::ReportPage;
use crate::flows::reservations::{EngagementsPage, ReservePage};
use crate::flows::users::PeoplePage;
use crate::flows::vouchers::{NewVoucherPage, VoucherRoute, VouchersPage};
use crate::locale::i18n::I18nContextProvider;
use crate::locale::language_cookie_options;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Only scripts carrying this response's nonce run (the hydration script and the
    // resource data Leptos streams), plus what they load; the WASM needs
    // 'wasm-unsafe-eval'. frame-ancestors cannot be set here: the server's header does it.
    let content_security_policy = leptos::nonce::use_nonce().map(|nonce| {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'"
        )
    });
    view! {
        <!DOCTYPE html>
        // leptos_i18n sets `lang` to the language the page is rendered in.
        <html>
            <head>
                <meta charset="utf-8" />
                {content_security_policy.map(|policy| view! { <meta http-equiv="Content-Security-Policy" content=policy /> })}
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();

    view! {
        // The language: the person's cookie (set when they pick one or sign in), else
        // their browser's Accept-Language, else English.
        <I18nContextProvider cookie_options=language_cookie_options()>
        <Stylesheet id="leptos" href="/pkg/planning_portal.css" />
        <Title formatter=|page: String| if page.is_empty() { "Planning Services".to_owned() } else { format!("{page} · Planning Services") } />
        // Async rendering: each page is rendered whole before the first byte, so its HTTP
        // status (404, 403) and sign-in redirects are always set, and no page streams
        // half-rendered while its data loads.
        <Router>
            <SkipLink />
            <Header />
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("") view={Lazy::<LazyHomePage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("sign-in") view={Lazy::<LazySignInPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("sign-up") view={Lazy::<LazySignUpPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("invitation/:token") view={Lazy::<LazyInvitationPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("dashboard") view={Lazy::<LazyDashboardPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("people") view={Lazy::<LazyPeoplePage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("audit") view={Lazy::<LazyAuditLogPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("partners") view={Lazy::<LazyDirectoryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("partners/:org_id") view={Lazy::<LazyPartnerProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("exams") view={Lazy::<LazyExamsPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("agreements") view={Lazy::<LazyAgreementsPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("catalogue") view={Lazy::<LazyCataloguePage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("outbox") view={Lazy::<LazyOutboxPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("claims") view={Lazy::<LazyClaimsPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("review") view={Lazy::<LazyReviewPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("reserve") view={Lazy::<LazyReservePage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("engagements") view={Lazy::<LazyEngagementsPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("engagements/:id/report") view={Lazy::<LazyReportPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("vouchers") view={Lazy::<LazyVouchersPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("vouchers/new") view={Lazy::<LazyNewVoucherPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("vouchers/:id") view={Lazy::<LazyVoucherRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("onboarding") view={Lazy::<LazyOnboardingResume>::new()} ssr=SsrMode::Async />
                    <Route path=path!("onboarding/:step") view={Lazy::<LazyOnboardingStepPage>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
        </I18nContextProvider>
    }
}

/// Every page is a route of its own WASM chunk (built with cargo-leptos `--split`): the
/// browser fetches a page's code the first time it shows that page, so the sign-in page
/// does not carry the claims review, nor the voucher wizard the onboarding steps. The
/// server renders them as before; hydration waits for the page's chunk (see `hydrate`).
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    LazyHomePage => HomePage,
    LazySignInPage => SignInPage,
    LazySignUpPage => SignUpPage,
    LazyInvitationPage => InvitationPage,
    LazyDashboardPage => DashboardPage,
    LazyPeoplePage => PeoplePage,
    LazyAuditLogPage => AuditLogPage,
    LazyDirectoryRoute => DirectoryRoute,
    LazyPartnerProfileRoute => PartnerProfileRoute,
    LazyExamsPage => ExamsPage,
    LazyAgreementsPage => AgreementsPage,
    LazyCataloguePage => CataloguePage,
    LazyOutboxPage => OutboxPage,
    LazyClaimsPage => ClaimsPage,
    LazyReviewPage => ReviewPage,
    LazyReservePage => ReservePage,
    LazyEngagementsPage => EngagementsPage,
    LazyReportPage => ReportPage,
    LazyVouchersPage => VouchersPage,
    LazyNewVoucherPage => NewVoucherPage,
    LazyVoucherRoute => VoucherRoute,
    LazyOnboardingResume => OnboardingResume,
    LazyOnboardingStepPage => OnboardingStepPage,
}
