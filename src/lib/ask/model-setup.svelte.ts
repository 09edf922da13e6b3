// Whether the model setup (fit check, downloads, model server) is open beside
// the Ask thread. It opens when the view shows with no model to chat with,
// when the user asks for it from the model bar, and closes once a model is
// ready.
class ModelSetupState {
  open = $state(false);

  show(): void {
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }
}

export const modelSetup = new ModelSetupState();
