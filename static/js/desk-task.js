// desk-task.js: the form a street official assigns a village a task with;
// the rule shows when a task is refused.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { field, h, onSubmit, show } from './dom.js';
import { pick, t } from './i18n.js';
import { deskNav } from './menus.js';

async function viewTask(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'desk.task', () => Promise.all([api('GET', `${base(vid)}/task-kinds`), api('GET', `/api/v1/orgs/${vid}`)]));
  if (!entered) return;
  const data = entered.data;
  const [kinds, village] = data;
  const taskKinds = arr(kinds.task_kinds);
  const kind = h('select', { id: 'task-kind' },
    taskKinds.map((x) => h('option', { value: x.key, text: pick(x, 'zh', 'en') })),
    h('option', { value: 'other', text: t('desk.taskOther') }));
  const title = h('input', { id: 'task-title', type: 'text', maxlength: '200', required: true });
  const basis = h('input', { id: 'task-basis', type: 'text', maxlength: '200', 'aria-describedby': 'task-basis-hint' });
  const deployment = h('input', { id: 'task-deployment', type: 'text', maxlength: '200', 'aria-describedby': 'task-deployment-hint' });
  const department = h('input', { id: 'task-department', type: 'text', maxlength: '100', 'aria-describedby': 'task-department-hint' });
  const funding = h('input', { id: 'task-funding', type: 'text', maxlength: '200', 'aria-describedby': 'task-funding-hint' });
  const proof = h('select', { id: 'task-proof' },
    h('option', { value: '', text: t('desk.proofNone') }),
    arr(kinds.forbidden_proof).map((p) => h('option', { value: p, text: t(`desk.proof.${p}`) })));
  const newPost = h('input', { id: 'task-new-post', type: 'checkbox' });
  const syncBasis = () => {
    const x = taskKinds.find((y) => y.key === kind.value);
    basis.value = x ? x.basis : '';
  };
  kind.addEventListener('change', syncBasis);
  syncBasis();
  const err = h('div', { id: 'task-error', class: 'alert', role: 'alert' });
  const done = h('div', { id: 'task-done', role: 'status' });
  const btn = h('button', { id: 'task-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.taskSubmit') });
  const form = h('form', { id: 'task-form', class: 'form', novalidate: true },
    field('task-kind', t('desk.taskKind'), kind, t('desk.taskKindHint')),
    field('task-title', t('desk.taskTitle'), title),
    field('task-basis', t('desk.taskBasis'), basis, t('desk.taskBasisHint')),
    field('task-deployment', t('desk.taskDeployment'), deployment, t('desk.taskDeploymentHint')),
    field('task-department', t('desk.taskDepartment'), department, t('desk.taskDepartmentHint')),
    field('task-funding', t('desk.taskFunding'), funding, t('desk.taskFundingHint')),
    field('task-proof', t('desk.taskProof'), proof),
    h('label', { class: 'check', for: 'task-new-post' }, newPost, h('span', { text: t('desk.taskNewPost') })),
    err, btn, done);
  onSubmit(form, btn, err, async () => {
    done.replaceChildren();
    const body = { kind: kind.value, title: title.value.trim(), basis: basis.value.trim(), deployment: deployment.value.trim(),
      department: department.value.trim(), funding: funding.value.trim(), new_post: newPost.checked };
    if (proof.value) body.proof = proof.value;
    const task = await api('POST', `${base(vid)}/tasks`, body);
    done.append(h('p', { id: 'task-admitted', class: 'check-found', text: t('desk.taskAdmitted', { title: task.title }) }),
      h('p', { class: 'hint', text: t('desk.taskAdmittedBasis', { basis: task.basis, department: task.department, funding: task.funding }) }));
  });
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('desk.taskOf', { village: village.name || '' }) }),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.taskIntro') }),
    h('p', { class: 'hint', text: t('desk.taskRule', { basis: pick(kinds, 'basis', 'basis_en') }) }),
    form);
}

export default viewTask;
