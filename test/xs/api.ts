export { cases } from "../api/xs-cases";
