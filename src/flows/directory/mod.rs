//! The partner directory: customers find published partners by offering, country and
//! language, and open a partner's profile.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::domain::access::Action;
use crate::domain::profile::{DirectoryPage, PublicProfile, LANGUAGES};
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{countries, labels};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A partner as customers see it: used by the directory, the profile page and the
/// partner's own preview.
#[component]
pub fn ProfileCard(profile: PublicProfile, #[prop(optional)] link: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let languages = profile
        .languages
        .iter()
        .map(|code| labels::language(locale, code).unwrap_or(code.as_str()).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let countries = {
        let mut countries: Vec<&str> =
            profile.locations.iter().map(|(_, _, country)| countries::name(locale, *country)).collect();
        countries.dedup();
        countries.join(", ")
    };
    let title = if link {
        view! { <a href=format!("/partners/{}", profile.org_id)>{profile.name.clone()}</a> }.into_any()
    } else {
        view! { <span>{profile.name.clone()}</span> }.into_any()
    };
    view! {
        <article class="card partner-card">
            <h3>{title}</h3>
            <p class="partner-offerings">
                {profile.offerings.into_iter().map(|code| view! { <span class="badge badge-ok">{code}</span> " " }).collect_view()}
            </p>
            <p class="partner-description">{profile.description}</p>
            <dl class="facts">
                <dt>{td_string!(locale, directory.countries)}</dt><dd>{countries}</dd>
                <dt>{td_string!(locale, directory.languages_label)}</dt><dd>{languages}</dd>
                <dt>{td_string!(locale, directory.industries)}</dt><dd>{profile.industries.join(", ")}</dd>
                <dt>{td_string!(locale, directory.contact)}</dt><dd>{profile.contact_name} " · " <a href=format!("mailto:{}", profile.contact_email)>{profile.contact_email.clone()}</a></dd>
                <dt>{td_string!(locale, directory.website)}</dt><dd><a href=profile.website.clone() rel="noopener noreferrer" target="_blank">{profile.website.clone()}</a></dd>
            </dl>
        </article>
    }
}

#[component]
pub fn DirectoryRoute() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, directory.title).to_owned() />
        <Gate action=Action::FindPartners page=|_| view! { <Directory /> } />
    }
}

#[component]
fn Directory() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (get("offering"), get("country"), get("language"), get("page").parse::<u32>().unwrap_or(1))
    };
    let results = once_per_page(|| {
        Resource::new(filters, |(offering, country, language, page)| {
            api::search_partners(offering, country, language, page)
        })
    });
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, directory.title)}</h1>
        <p class="lead">{t!(i18n, directory.lead)}</p>
        <Loaded
            resource=results
            view=move |directory: DirectoryPage| {
                let locale = i18n.get_locale();
                let (offering, country, language, _) = filters();
                let offering_options = std::iter::once((String::new(), td_string!(locale, directory.any_offering).to_owned()))
                    .chain(directory.offerings.iter().map(|(code, name)| (code.clone(), format!("{code} — {name}"))))
                    .map(|(value, label)| {
                        let selected = value == offering;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view();
                let language_options = std::iter::once(("", td_string!(locale, directory.any_language)))
                    .chain(LANGUAGES.iter().map(|(code, name)| (*code, labels::language(locale, code).unwrap_or(name))))
                    .map(|(code, name)| {
                        let selected = code == language;
                        view! { <option value=code selected=selected>{name}</option> }
                    })
                    .collect_view();
                let country_options = std::iter::once(("", td_string!(locale, directory.any_country)))
                    .chain(countries::by_name(locale))
                    .map(|(code, name)| {
                        let selected = code.eq_ignore_ascii_case(&country);
                        view! { <option value=code selected=selected>{name}</option> }
                    })
                    .collect_view();
                let next = directory.has_next.then(|| format!("?offering={offering}&country={country}&language={language}&page={}", directory.page + 1));
                let previous = (directory.page > 1).then(|| format!("?offering={offering}&country={country}&language={language}&page={}", directory.page - 1));
                view! {
                    <Form method="GET" action="" attr:class="panel filters" attr:aria-label=td_string!(locale, directory.filter_label)>
                        <div class="field">
                            <label for="filter-offering">{td_string!(locale, directory.offering)}</label>
                            <select id="filter-offering" name="offering">{offering_options}</select>
                        </div>
                        <div class="field">
                            <label for="filter-country">{td_string!(locale, directory.country)}</label>
                            <select id="filter-country" name="country">{country_options}</select>
                        </div>
                        <div class="field">
                            <label for="filter-language">{td_string!(locale, directory.language)}</label>
                            <select id="filter-language" name="language">{language_options}</select>
                        </div>
                        <button type="submit" class="button">{td_string!(locale, directory.search)}</button>
                    </Form>
                    {if directory.partners.is_empty() {
                        view! { <p class="empty">{td_string!(locale, directory.none_match)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="partner-list">
                                {directory.partners.into_iter().map(|profile| view! { <ProfileCard profile link=true /> }).collect_view()}
                            </div>
                        }
                            .into_any()
                    }}
                    <nav class="pager" aria-label=td_string!(locale, directory.pages_label)>
                        {previous.map(|href| view! { <a href=href rel="prev">{td_string!(locale, directory.previous)}</a> })}
                        <span>{td_string!(locale, directory.page, number = directory.page).to_string()}</span>
                        {next.map(|href| view! { <a href=href rel="next">{td_string!(locale, directory.next)}</a> })}
                    </nav>
                }
            }
        />
    }
}

#[component]
pub fn PartnerProfileRoute() -> impl IntoView {
    let params = use_params_map();
    let profile = once_per_page(|| {
        Resource::new(move || params.read().get("org_id").unwrap_or_default(), api::get_partner_profile)
    });
    let i18n = use_i18n();
    view! {
        <PageTitle text=|locale| td_string!(locale, directory.profile_title).to_owned() />
        <Gate
            page=move |_| {
                view! {
                    <p><a href="/partners">{t!(i18n, directory.back)}</a></p>
                    <Loaded resource=profile view=|profile: PublicProfile| view! { <ProfileCard profile /> } />
                }
            }
        />
    }
}
