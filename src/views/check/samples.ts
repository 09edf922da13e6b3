// Sample answers offered in the Check view's empty state: each one shows
// something the check does, with claims the built-in MedQuAD evidence covers.
export interface SampleAnswer {
  id: string;
  /** Button text. */
  label: string;
  text: string;
}

export const SAMPLE_ANSWERS: readonly SampleAnswer[] = [
  {
    id: 'glaucoma',
    label: 'Glaucoma: one claim wrong',
    text:
      "Glaucoma is a group of diseases that can damage the eye's optic nerve. It usually happens when the fluid pressure " +
      'inside the eye slowly rises. Glaucoma never causes blindness.',
  },
  {
    id: 'diabetes',
    label: 'Diabetes: a swapped organ',
    text:
      'Type 1 diabetes is a disease in which the body does not make insulin. Insulin is made by the liver. ' +
      'Metformin is a first-line medicine for type 2 diabetes. Being overweight raises the risk of type 2 diabetes.',
  },
  {
    id: 'reasoning',
    label: 'Asthma, with model reasoning',
    text:
      '<think>The user asks about asthma. Recall what happens in the airways and how it is treated.</think>\n' +
      'Asthma is a chronic disease that affects the airways of the lungs. During an asthma attack the airways narrow. ' +
      'Asthma can always be cured with antibiotics.',
  },
];
