import { apiSection } from "./api.ts";
const lines = await apiSection.run();
console.log(lines.join("\n"));
