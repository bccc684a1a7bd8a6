/* A valid shared object that is not an aicc artifact: it exports none of the model_abi.h symbols.
 */
int not_a_model_answer(void) { return 42; }
