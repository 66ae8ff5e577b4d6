//! Consultants' passed exams and assessments: consultants record their own, admins
//! record and see everyone's.

use super::api::{list_exams, RecordExam};
use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, form_level, server_action_success, SelectField, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::{
    access::Action,
    partner::{ExamRecord, ExamsOverview},
};
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{format, Locale};
use leptos::prelude::*;

#[component]
pub fn ExamsPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, onboarding.exams.title).to_owned() />
        <Gate action=Action::RecordExams page=|_| view! { <InEachLanguage><Exams /></InEachLanguage> } />
    }
}

#[component]
fn Exams() -> impl IntoView {
    let record = ServerAction::<RecordExam>::new();
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, onboarding.exams.heading)}</h1>
        <p class="lead">{t!(i18n, onboarding.exams.lead)}</p>
        <ExamsBody record />
    }
}

/// The exams on record and the form to record one (the exams page and the onboarding
/// wizard's consultants step). The form is drawn again only when the people or
/// competencies it offers change, and emptied once an exam is recorded.
#[component]
pub(crate) fn ExamsBody(record: ServerAction<RecordExam>) -> impl IntoView {
    let recorded = server_action_success(record);
    let exams = once_per_page(|| Resource::new(move || recorded.get(), |_| list_exams()));
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section class="panel" aria-labelledby="exams-title">
            <h2 id="exams-title">{t!(i18n, onboarding.exams.recorded)}</h2>
            <Loaded resource=exams view=move |overview: ExamsOverview| view! { <ExamTable exams=overview.exams locale /> } />
        </section>
        <section class="panel" aria-labelledby="record-exam-title">
            <h2 id="record-exam-title">{t!(i18n, onboarding.exams.record_title)}</h2>
            <Steady
                resource=exams
                more=true
                shape=|overview: &ExamsOverview| (overview.people.clone(), overview.known_competencies.clone())
                view=move |overview: ExamsOverview| view! { <RecordForm overview record locale /> }
            />
        </section>
    }
}

#[component]
fn ExamTable(exams: Vec<ExamRecord>, locale: Locale) -> impl IntoView {
    if exams.is_empty() {
        return view! { <p>{td_string!(locale, onboarding.exams.none)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, onboarding.exams.consultant),
        td_string!(locale, onboarding.exams.competency),
        td_string!(locale, onboarding.exams.exam),
        td_string!(locale, onboarding.exams.passed_on),
    ];
    let [consultant, competency, exam_label, passed_on] = columns;
    view! {
        <table tabindex="0" class="table exams stack">
            <TableHead columns />
            <tbody>
                {exams
                    .into_iter()
                    .map(|exam| view! {
                        <tr>
                            <td data-label=consultant>{exam.consultant_name}</td>
                            <td data-label=competency>{exam.competency}</td>
                            <td data-label=exam_label>{exam.exam}</td>
                            <td data-label=passed_on>{format::date(locale, exam.passed_on)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn RecordForm(overview: ExamsOverview, record: ServerAction<RecordExam>, locale: Locale) -> impl IntoView {
    let error = action_error(record);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(record));
    let people: Vec<(String, String)> = overview.people.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let choose = td_string!(locale, onboarding.choose_competency).to_owned();
    let competencies: Vec<(String, String)> = std::iter::once((String::new(), choose))
        .chain(overview.known_competencies.into_iter().map(|name| (name.clone(), name)))
        .collect();
    view! {
        <ActionForm action=record node_ref=form>
            <FormAlert error=Signal::derive(move || form_level(error.get())) />
            <SelectField label=td_string!(locale, onboarding.exams.consultant) name="consultant" options=people error />
            <SelectField label=td_string!(locale, onboarding.exams.competency) name="competency" options=competencies error />
            <TextField
                label=td_string!(locale, onboarding.exams.exam_label)
                name="exam"
                maxlength=120
                hint=td_string!(locale, onboarding.exams.exam_hint)
                error
                required=true
            />
            <TextField label=td_string!(locale, onboarding.exams.passed_on) name="passed_on" input_type="date" error required=true />
            <button type="submit" class="button" disabled=move || record.pending().get()>{td_string!(locale, onboarding.exams.record)}</button>
        </ActionForm>
    }
}
