//! The search box in the header and the page of what it found: a voucher code or a claim
//! reference, typed or pasted as people have it, opens where the reader works with it.

pub mod api;

use crate::components::feedback::{ErrorMessage, Loading};
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::domain::search::SearchHit;
use crate::error::AppError;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The header's search field (signed-in pages).
#[component]
pub fn HeaderSearch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="/search" attr:class="header-search" attr:role="search">
            <label for="header-find" class="visually-hidden">{t!(i18n, search.label)}</label>
            <input
                id="header-find"
                type="search"
                name="find"
                maxlength="64"
                autocomplete="off"
                spellcheck="false"
                placeholder=move || t_string!(i18n, search.placeholder)
            />
            <button type="submit" class="button button-quiet">{t!(i18n, search.go)}</button>
        </Form>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, search.title).to_owned() />
        <Gate page=|_| view! { <Search /> } />
    }
}

#[component]
fn Search() -> impl IntoView {
    let query = use_query_map();
    let find = move || query.read().get("find").unwrap_or_default();
    let found = once_per_page(|| {
        Resource::new(find, |find| async move {
            if find.trim().is_empty() {
                Ok(None)
            } else {
                api::search(find).await.map(Some)
            }
        })
    });
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, search.title)}</h1>
        <p class="lead">{t!(i18n, search.lead)}</p>
        <Form method="GET" action="/search" attr:class="panel filters" attr:role="search">
            <div class="field">
                <label for="find">{t!(i18n, search.label)}</label>
                <input id="find" type="search" name="find" maxlength="64" autocomplete="off" spellcheck="false" value=find />
            </div>
            <button type="submit" class="button">{t!(i18n, search.go)}</button>
        </Form>
        <Transition fallback=Loading>
            {move || {
                let locale = i18n.get_locale();
                found.get().map(|result| match result {
                    Ok(None) => ().into_any(),
                    Ok(Some(hits)) if hits.is_empty() => {
                        view! { <p class="empty" role="status">{td_string!(locale, search.nothing, find = find().trim().to_owned())}</p> }
                            .into_any()
                    }
                    Ok(Some(hits)) => view! {
                        <ul class="search-hits" role="list">
                            {hits.into_iter().map(|hit| view! { <Hit hit locale /> }).collect_view()}
                        </ul>
                    }
                        .into_any(),
                    Err(AppError::Validation(errors)) => {
                        let message = errors.into_iter().next().map(|error| error.message).unwrap_or_default();
                        view! { <p class="alert alert-error" role="alert">{message}</p> }.into_any()
                    }
                    Err(error) => {
                        crate::set_page_status(error.status());
                        view! { <ErrorMessage error /> }.into_any()
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn Hit(hit: SearchHit, locale: Locale) -> impl IntoView {
    let href = hit.href();
    let (kind, name, detail, status) = match hit {
        SearchHit::Voucher { code, offering, status, .. } => {
            (td_string!(locale, search.voucher), code, offering, labels::voucher_status(locale, status))
        }
        SearchHit::Engagement { code, customer, status, .. } => {
            (td_string!(locale, search.engagement), code, customer, labels::voucher_status(locale, status))
        }
        SearchHit::Claim { reference, partner, amount, status, .. } => (
            td_string!(locale, search.claim),
            reference,
            format!("{partner} · {}", format::money(locale, amount)),
            labels::claim_status(locale, status),
        ),
    };
    view! {
        <li class="panel search-hit">
            <span class="muted">{kind}</span>
            <a href=href><code>{name}</code></a>
            <span>{detail}</span>
            <span class="badge">{status}</span>
        </li>
    }
}
