//! Business profiles (program step 3) and the partner directory customers search.

use super::auth;
use super::db::{audit, catalogue, partners, profiles};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::profile::ProfileError;
use crate::domain::{
    catalogue::parse_offering_code,
    country::CountryCode,
    email::EmailAddress,
    ids::OrgId,
    profile::{
        parse_description, parse_industries, parse_languages, DirectoryPage, ProfileDraft, PublicProfile, Website,
    },
    text::PersonName,
    validation::FormErrors,
    viewer::Viewer,
};
use crate::error::AppError;
use serde_json::json;

/// Partners per directory page.
pub const DIRECTORY_PAGE_SIZE: u32 = 20;

/// The viewer's own profile as it would appear to customers (published or not), or
/// `None` before it was first saved.
pub async fn preview(state: &AppState, viewer: &Viewer) -> Result<Option<PublicProfile>, AppError> {
    auth::permit(viewer, Action::ManageProfile)?;
    let mut connection = state.db.pool.acquire().await?;
    Ok(profiles::public(&mut connection, viewer.org_id, state.clock.now().date_naive(), true).await?)
}

pub async fn draft(state: &AppState, viewer: &Viewer) -> Result<Option<ProfileDraft>, AppError> {
    auth::permit(viewer, Action::ManageProfile)?;
    Ok(profiles::draft(&state.db.pool, viewer.org_id).await?)
}

/// The profile form as typed.
pub struct ProfileForm<'a> {
    pub description: &'a str,
    pub website: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub languages: &'a str,
    pub industries: &'a str,
    pub published: bool,
}

pub async fn save(state: &AppState, viewer: &Viewer, form: ProfileForm<'_>) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageProfile)?;
    let mut errors = FormErrors::new();
    let description = errors.check("description", parse_description(form.description));
    let website = errors.check("website", Website::parse(form.website));
    let contact_name = errors.check("contact_name", PersonName::parse(form.contact_name));
    let contact_email = errors.check("contact_email", EmailAddress::parse(form.contact_email));
    let languages = errors.check("languages", parse_languages(form.languages));
    let industries = errors.check("industries", parse_industries(form.industries));
    let (Some(description), Some(website), Some(contact_name), Some(contact_email), Some(languages), Some(industries)) =
        (description, website, contact_name, contact_email, languages, industries)
    else {
        return Err(errors.into());
    };
    let today = state.clock.now().date_naive();
    if form.published {
        // A customer needs an offering to pick and a place to be served from.
        if profiles::active_offerings(&state.db.pool, viewer.org_id, today).await?.is_empty() {
            return Err(AppError::field("published", ProfileError::EnrollFirst.to_string()));
        }
        if partners::locations(&state.db.pool, viewer.org_id).await?.is_empty() {
            return Err(AppError::field("published", ProfileError::LocationFirst.to_string()));
        }
    }
    let draft = ProfileDraft {
        description,
        website: website.as_str().to_owned(),
        contact_name: contact_name.as_str().to_owned(),
        contact_email: contact_email.as_str().to_owned(),
        languages,
        industries,
        published: form.published,
    };
    let before = profiles::draft(&state.db.pool, viewer.org_id).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    profiles::save(&mut *tx, viewer.org_id, &draft, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(
            viewer,
            "partner_profile",
            &viewer.org_id.to_string(),
            if form.published { "published" } else { "saved" },
        )
        .before(before.map(|before| json!(before)))
        .after(json!(draft)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A published partner's profile, for anyone signed in (the directory is public to
/// the program's members).
pub async fn public_profile(state: &AppState, viewer: &Viewer, org_id: &str) -> Result<PublicProfile, AppError> {
    let not_found = || AppError::NotFound(ProfileError::NotInDirectory.to_string());
    let org_id = OrgId::parse(org_id).map_err(|_| not_found())?;
    let own = viewer.org_id == org_id;
    let mut connection = state.db.pool.acquire().await?;
    profiles::public(&mut connection, org_id, state.clock.now().date_naive(), own).await?.ok_or_else(not_found)
}

pub async fn search(
    state: &AppState,
    offering: &str,
    country: &str,
    language: &str,
    page: u32,
) -> Result<DirectoryPage, AppError> {
    let mut errors = FormErrors::new();
    let offering = match offering.trim() {
        "" => None,
        code => errors.check("offering", parse_offering_code(code)),
    };
    let country = match country.trim() {
        "" => None,
        code => errors.check("country", CountryCode::parse(code)),
    };
    let language = match language.trim() {
        "" => None,
        code => errors.check("language", parse_languages(code).map(|mut codes| codes.remove(0))),
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let page = page.max(1);
    let offset = i64::from(page - 1) * i64::from(DIRECTORY_PAGE_SIZE);
    let filter = profiles::DirectoryFilter { offering, country, language };
    let mut connection = state.db.pool.acquire().await?;
    let mut partners = profiles::search(
        &mut connection,
        &filter,
        state.clock.now().date_naive(),
        offset,
        i64::from(DIRECTORY_PAGE_SIZE) + 1,
    )
    .await?;
    let has_next = partners.len() > DIRECTORY_PAGE_SIZE as usize;
    partners.truncate(DIRECTORY_PAGE_SIZE as usize);
    let offerings = catalogue::list(&mut connection)
        .await?
        .into_iter()
        .map(|entry| (entry.offering.code, entry.offering.name))
        .collect();
    Ok(DirectoryPage { offerings, page, partners, has_next })
}
