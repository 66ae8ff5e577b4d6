//! The app root and the route table (one group per flow); the document around it is the
//! server's (`server::document`).

use crate::components::layout::{Header, NotFound, SkipLink};
use crate::flows::account::AccountPage;
use crate::flows::audit::AuditLogPage;
use crate::flows::auth::{
    session::provide_session, ForgotPasswordPage, InvitationPage, ResetPasswordPage, SignInPage, SignUpPage,
    VerifyEmailPage,
};
use crate::flows::benefits::AgreementsPage;
use crate::flows::catalogue::CataloguePage;
use crate::flows::claims::{ClaimsPage, ReviewPage};
use crate::flows::dashboard::{DashboardPage, HomePage};
use crate::flows::directory::{DirectoryRoute, PartnerProfileRoute};
use crate::flows::notifications::{NotificationsPage, OpenNotificationPage};
use crate::flows::onboarding::{ExamsPage, OnboardingResume, OnboardingStepPage};
use crate::flows::outbox::OutboxPage;
use crate::flows::reports::ReportPage;
use crate::flows::reservations::{EngagementsPage, ReservePage};
use crate::flows::search::SearchPage;
use crate::flows::users::PeoplePage;
use crate::flows::vouchers::{NewVoucherPage, VoucherRoute, VouchersPage};
use crate::locale::i18n::I18nContextProvider;
use crate::locale::language_cookie_options;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    crate::flows::notifications::BellRefresh::provide();

    view! {
        // The language: the person's cookie (set when they pick one or sign in), else
        // their browser's Accept-Language, else English.
        <I18nContextProvider cookie_options=language_cookie_options()>
        <Title formatter=|page: String| if page.is_empty() { "Planning Services".to_owned() } else { format!("{page} · Planning Services") } />
        // Async rendering: each page is rendered whole before the first byte, so its HTTP
        // status (404, 403) and sign-in redirects are always set, and no page streams
        // half-rendered while its data loads.
        <Router>
            <SkipLink />
            <Header />
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("invitation/:token") view=InvitationPage ssr=SsrMode::Async />
                    <Route path=path!("verify-email/:token") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("reset-password/:token") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("partners") view=DirectoryRoute ssr=SsrMode::Async />
                    <Route path=path!("partners/:org_id") view=PartnerProfileRoute ssr=SsrMode::Async />
                    <Route path=path!("exams") view=ExamsPage ssr=SsrMode::Async />
                    <Route path=path!("agreements") view=AgreementsPage ssr=SsrMode::Async />
                    <Route path=path!("catalogue") view=CataloguePage ssr=SsrMode::Async />
                    <Route path=path!("outbox") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("claims") view=ClaimsPage ssr=SsrMode::Async />
                    <Route path=path!("review") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("notifications/:id") view=OpenNotificationPage ssr=SsrMode::Async />
                    <Route path=path!("reserve") view=ReservePage ssr=SsrMode::Async />
                    <Route path=path!("engagements") view=EngagementsPage ssr=SsrMode::Async />
                    <Route path=path!("engagements/:id/report") view=ReportPage ssr=SsrMode::Async />
                    <Route path=path!("vouchers") view=VouchersPage ssr=SsrMode::Async />
                    <Route path=path!("vouchers/new") view=NewVoucherPage ssr=SsrMode::Async />
                    <Route path=path!("vouchers/:id") view=VoucherRoute ssr=SsrMode::Async />
                    <Route path=path!("onboarding") view=OnboardingResume ssr=SsrMode::Async />
                    <Route path=path!("onboarding/:step") view=OnboardingStepPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
        </I18nContextProvider>
    }
}
