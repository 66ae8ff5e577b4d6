//! Consultants' passed exams and assessments: consultants record their own, admins
//! record and see everyone's.

use super::api::{list_exams, RecordExam};
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, SelectField, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{partner::ExamsOverview, roles::Role};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ExamsPage() -> impl IntoView {
    view! {
        <Title text="Exams" />
        <Gate roles=&[Role::MpnAdmin, Role::Consultant] page=|_| view! { <Exams /> } />
    }
}

#[component]
fn Exams() -> impl IntoView {
    let record = ServerAction::<RecordExam>::new();
    let exams = Resource::new(move || record.version().get(), |_| list_exams());
    let error = action_error(record);
    view! {
        <h1>"Exams and assessments"</h1>
        <p class="lead">"A consultant staffed on an engagement must have passed an exam for the competency it requires."</p>
        <Loaded
            resource=exams
            view=move |overview: ExamsOverview| {
                let people: Vec<(String, String)> = overview.people.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                let competencies: Vec<(String, String)> = std::iter::once((String::new(), "Choose a competency".to_owned()))
                    .chain(overview.known_competencies.iter().map(|name| (name.clone(), name.clone())))
                    .collect();
                view! {
                    <section class="panel" aria-labelledby="exams-title">
                        <h2 id="exams-title">"Recorded exams"</h2>
                        {if overview.exams.is_empty() {
                            view! { <p>"No exams recorded yet."</p> }.into_any()
                        } else {
                            view! {
                                <table tabindex="0" class="table exams">
                                    <TableHead columns=&["Consultant", "Competency", "Exam", "Passed on"] />
                                    <tbody>
                                        {overview
                                            .exams
                                            .into_iter()
                                            .map(|exam| {
                                                view! {
                                                    <tr>
                                                        <td>{exam.consultant_name}</td>
                                                        <td>{exam.competency}</td>
                                                        <td>{exam.exam}</td>
                                                        <td>{exam.passed_on.to_string()}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }}
                    </section>
                    <section class="panel" aria-labelledby="record-exam-title">
                        <h2 id="record-exam-title">"Record a passed exam"</h2>
                        <ActionForm action=record>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <SelectField label="Consultant" name="consultant" options=people error />
                            <SelectField label="Competency" name="competency" options=competencies error />
                            <TextField label="Exam or assessment" name="exam" maxlength=120 hint="For example AZ-305" error required=true />
                            <TextField label="Passed on" name="passed_on" input_type="date" error required=true />
                            <button type="submit" class="button">"Record exam"</button>
                        </ActionForm>
                    </section>
                }
            }
        />
    }
}
